using System.Text.Json.Nodes;
using Aspire.Hosting.Publishing;
using YamlDotNet.RepresentationModel;

namespace Mesh.Hosting.Tests.Publishing;

public sealed class RateLimitFilterTests(PublishedBookinfo published) : IClassFixture<PublishedBookinfo>
{
    /// <summary>
    /// Istio's documented local rate limit (istio.io, task "Enabling Rate Limits using Envoy", "Local rate limit"): an
    /// EnvoyFilter with one HTTP_FILTER patch on the sidecar's inbound HTTP connection manager, inserting Envoy's
    /// local_ratelimit filter as a TypedStruct, enabled and enforced for 100% of requests, adding x-local-rate-limit to
    /// rejections. Only the name, namespace, selector and token bucket come from the LocalRateLimit.
    /// </summary>
    private const string Documented = """
        apiVersion: networking.istio.io/v1alpha3
        kind: EnvoyFilter
        metadata:
          name: ratings-local-ratelimit
          namespace: default
        spec:
          workloadSelector:
            labels:
              app: ratings
          configPatches:
          - applyTo: HTTP_FILTER
            match:
              context: SIDECAR_INBOUND
              listener:
                filterChain:
                  filter:
                    name: envoy.filters.network.http_connection_manager
            patch:
              operation: INSERT_BEFORE
              value:
                name: envoy.filters.http.local_ratelimit
                typed_config:
                  "@type": type.googleapis.com/udpa.type.v1.TypedStruct
                  type_url: type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit
                  value:
                    stat_prefix: http_local_rate_limiter
                    token_bucket:
                      max_tokens: 10
                      tokens_per_fill: 5
                      fill_interval: 1.500s
                    filter_enabled:
                      runtime_key: local_rate_limit_enabled
                      default_value:
                        numerator: 100
                        denominator: HUNDRED
                    filter_enforced:
                      runtime_key: local_rate_limit_enforced
                      default_value:
                        numerator: 100
                        denominator: HUNDRED
                    response_headers_to_add:
                    - append: false
                      header:
                        key: x-local-rate-limit
                        value: 'true'
        """;

    [Fact]
    public void Publish_LocalRateLimit_IsIstiosDocumentedLocalRateLimitEnvoyFilter()
    {
        Assert.True(JsonNode.DeepEquals(Tree(Documented), Tree(published.File("rate-limits.yaml"))), published.File("rate-limits.yaml"));
    }

    [Theory]
    [InlineData(60_000, "60s")]
    [InlineData(1_500, "1.500s")]
    [InlineData(50, "0.050s")]
    public void ProtobufDuration_WritesSecondsAsEnvoyReadsThem(int milliseconds, string expected)
    {
        Assert.Equal(expected, RateLimitFilters.ProtobufDuration(TimeSpan.FromMilliseconds(milliseconds)));
    }

    // A YAML document as a JSON tree, scalars typed as YAML reads them (plain numbers and booleans, quoted strings).
    private static JsonNode? Tree(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Assert.Single(stream.Documents).RootNode is var root ? Convert(root) : null;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(static p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, Convert(p.Value)))),
        YamlSequenceNode s => new JsonArray([.. s.Children.Select(Convert)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "true" or "false" } b => JsonValue.Create(b.Value == "true"),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } n when long.TryParse(n.Value, out var number) => JsonValue.Create(number),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => throw new InvalidOperationException(node.GetType().Name),
    };
}

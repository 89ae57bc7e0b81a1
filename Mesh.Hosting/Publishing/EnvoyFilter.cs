using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Aspire.Hosting.Publishing;

// The subset of Istio's EnvoyFilter (networking.istio.io/v1alpha3) that its local rate limit task documents: one
// HTTP_FILTER patch that inserts Envoy's local rate limit filter into a sidecar's inbound HTTP chain. Typed, so the
// file is written by a serializer and every field name is spelled once.

internal sealed record EnvoyFilter
{
    public string ApiVersion { get; init; } = "networking.istio.io/v1alpha3";

    public string Kind { get; init; } = "EnvoyFilter";

    public required EnvoyFilterMetadata Metadata { get; init; }

    public required EnvoyFilterSpec Spec { get; init; }
}

internal sealed record EnvoyFilterMetadata(string Name, [property: YamlMember(Alias = "namespace", ApplyNamingConventions = false)] string Namespace);

internal sealed record EnvoyFilterSpec
{
    [YamlMember(DefaultValuesHandling = DefaultValuesHandling.OmitNull)]
    public WorkloadLabels? WorkloadSelector { get; init; }

    public required IReadOnlyList<EnvoyConfigPatch> ConfigPatches { get; init; }
}

internal sealed record WorkloadLabels(IReadOnlyDictionary<string, string> Labels);

internal sealed record EnvoyConfigPatch(string ApplyTo, EnvoyPatchMatch Match, EnvoyPatch Patch);

internal sealed record EnvoyPatchMatch(string Context, EnvoyListenerMatch Listener);

internal sealed record EnvoyListenerMatch(EnvoyFilterChainMatch FilterChain);

internal sealed record EnvoyFilterChainMatch(EnvoyNamedFilter Filter);

internal sealed record EnvoyNamedFilter(string Name);

internal sealed record EnvoyPatch(string Operation, EnvoyHttpFilter Value);

internal sealed record EnvoyHttpFilter(string Name, [property: YamlMember(Alias = "typed_config", ApplyNamingConventions = false)] TypedStruct TypedConfig);

internal sealed record TypedStruct(
    [property: YamlMember(Alias = "@type", ApplyNamingConventions = false)] string Type,
    [property: YamlMember(Alias = "type_url", ApplyNamingConventions = false)] string TypeUrl,
    LocalRateLimitConfig Value);

internal sealed record LocalRateLimitConfig(
    [property: YamlMember(Alias = "stat_prefix", ApplyNamingConventions = false)] string StatPrefix,
    [property: YamlMember(Alias = "token_bucket", ApplyNamingConventions = false)] EnvoyTokenBucket TokenBucket,
    [property: YamlMember(Alias = "filter_enabled", ApplyNamingConventions = false)] RuntimeFraction FilterEnabled,
    [property: YamlMember(Alias = "filter_enforced", ApplyNamingConventions = false)] RuntimeFraction FilterEnforced,
    [property: YamlMember(Alias = "response_headers_to_add", ApplyNamingConventions = false)] IReadOnlyList<HeaderValueOption> ResponseHeadersToAdd);

internal sealed record EnvoyTokenBucket(
    [property: YamlMember(Alias = "max_tokens", ApplyNamingConventions = false)] int MaxTokens,
    [property: YamlMember(Alias = "tokens_per_fill", ApplyNamingConventions = false)] int TokensPerFill,
    [property: YamlMember(Alias = "fill_interval", ApplyNamingConventions = false)] string FillInterval);

internal sealed record RuntimeFraction(
    [property: YamlMember(Alias = "runtime_key", ApplyNamingConventions = false)] string RuntimeKey,
    [property: YamlMember(Alias = "default_value", ApplyNamingConventions = false)] FractionalPercent DefaultValue);

internal sealed record FractionalPercent(int Numerator, string Denominator);

internal sealed record HeaderValueOption(bool Append, EnvoyHeader Header);

// Envoy's header values are strings: quoted, so YAML does not read 'true' as a boolean.
internal sealed record EnvoyHeader(string Key, [property: YamlMember(ScalarStyle = ScalarStyle.SingleQuoted)] string Value);

using Mesh.Sidecar.Outbound.Logical;
using Mesh.Sidecar.Tests.Harness;
namespace Mesh.Sidecar.Tests.Outbound.Logical;

/// <summary>VirtualService <c>headers</c> (request and response set/add/remove) and <c>rewrite</c> (uri prefix, authority).</summary>
public sealed class HeaderAndRewriteTests
{
    private static readonly string[] s_reviews = ["reviews-v1", "reviews-v2"];

    private const string Headers = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - headers:
              request:
                set:
                  x-set: route
                add:
                  x-added: route
                remove:
                - x-secret
              response:
                set:
                  x-served-by: mesh
                remove:
                - x-internal
            route:
            - destination:
                host: reviews
                subset: v1
              headers:
                request:
                  set:
                    x-destination: v1
        """;

    private const string Rewrite = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - match:
            - uri:
                prefix: /v1/
            rewrite:
              uri: /
            route:
            - destination:
                host: reviews
                subset: v1
          - match:
            - uri:
                prefix: /legacy
            rewrite:
              authority: ratings.example.com
            route:
            - destination:
                host: reviews
                subset: v2
        """;

    [Fact]
    public async Task RequestHeaders_SetAddRemove_ReachTheApp()
    {
        await using var mesh = await RoutingMesh.StartAsync(Headers + "\n---\n" + RoutingMesh.ReviewsSubsets, s_reviews);

        using var response = await mesh.GetAsync("/reviews/1", ("x-set", "caller"), ("x-added", "caller"), ("x-secret", "s3cr3t"), ("x-kept", "yes"));

        response.EnsureSuccessStatusCode();
        var headers = Assert.Single(mesh["reviews-v1"].Received).Headers;
        Assert.Equal("route", headers["x-set"]);
        Assert.Equal(["caller", "route"], headers["x-added"].Split(',', StringSplitOptions.TrimEntries));
        Assert.False(headers.ContainsKey("x-secret"));
        Assert.Equal("yes", headers["x-kept"]);
        Assert.Equal("v1", headers["x-destination"]);
    }

    [Fact]
    public async Task ResponseHeaders_SetAndRemove_ReachTheCaller()
    {
        await using var mesh = await RoutingMesh.StartAsync(Headers + "\n---\n" + RoutingMesh.ReviewsSubsets, s_reviews);
        mesh["reviews-v1"].Handler = (context, _) =>
        {
            context.Response.Headers["x-internal"] = "debug";
            context.Response.Headers["x-served-by"] = "app";
            return context.Response.WriteAsync("reviews-v1");
        };

        using var response = await mesh.GetAsync("/reviews/1");

        response.EnsureSuccessStatusCode();
        Assert.Equal("mesh", Assert.Single(response.Headers.GetValues("x-served-by")));
        Assert.False(response.Headers.Contains("x-internal"));
        Assert.Equal("reviews-v1", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/v1/reviews/7", "/reviews/7")]
    [InlineData("/v1/reviews/7?page=2", "/reviews/7?page=2")]
    [InlineData("/v1/", "/")]
    public async Task UriPrefixRewrite_ReplacesTheMatchedPrefix(string requested, string received)
    {
        await using var mesh = await RoutingMesh.StartAsync(Rewrite + "\n---\n" + RoutingMesh.ReviewsSubsets, s_reviews);

        Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync(requested));

        Assert.Equal(received, Assert.Single(mesh["reviews-v1"].Received).PathAndQuery);
    }

    [Fact]
    public async Task AuthorityRewrite_SetsHostAndKeepsPath()
    {
        await using var mesh = await RoutingMesh.StartAsync(Rewrite + "\n---\n" + RoutingMesh.ReviewsSubsets, s_reviews);

        Assert.Equal("reviews-v2", await mesh.WhoAnswersAsync("/legacy/ratings"));

        var request = Assert.Single(mesh["reviews-v2"].Received);
        Assert.Equal("ratings.example.com", request.Headers["Host"]);
        Assert.Equal("/legacy/ratings", request.PathAndQuery);
    }

    [Fact]
    public async Task MaxRequestsPerConnectionOne_ClosesTheUpstreamConnectionAfterEachRequest()
    {
        const string OnePerConnection = """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
            spec:
              host: reviews
              trafficPolicy:
                connectionPool:
                  http: {maxRequestsPerConnection: 1}
              subsets:
              - name: v1
                labels: {version: v1}
            """;
        await using var mesh = await RoutingMesh.StartAsync(OnePerConnection, ["reviews-v1"]);

        Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync("/reviews/1"));

        Assert.Equal("close", Assert.Single(mesh["reviews-v1"].Received).Headers["Connection"], ignoreCase: true);
    }

    [Fact]
    public async Task ResponseHeaders_AlsoOnTheSidecarsTimeoutReply()
    {
        await using var mesh = await RoutingMesh.StartAsync(
            Headers + "\n    timeout: 0.3s\n---\n" + RoutingMesh.ReviewsSubsets, s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.Slow(TimeSpan.FromSeconds(5), "reviews-v1");

        using var response = await mesh.GetAsync();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("mesh", Assert.Single(response.Headers.GetValues("x-served-by")));
    }

    [Fact]
    public async Task ResponseHeaders_AlsoOnTheSidecarsNoHealthyUpstreamReply()
    {
        // The route sends everything to v1, and no v1 workload runs: the sidecar answers 503 UH itself.
        await using var mesh = await RoutingMesh.StartAsync(Headers + "\n---\n" + RoutingMesh.ReviewsSubsets, ["reviews-v2"]);

        using var response = await mesh.GetAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("UH", RoutingMesh.Flag(response));
        Assert.Equal("mesh", Assert.Single(response.Headers.GetValues("x-served-by")));
    }
}

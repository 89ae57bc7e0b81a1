using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Outbound;

/// <summary>
/// <c>x-forwarded-*</c> on the way through sidecars, as Istio's sidecar listeners set them (Envoy with
/// <c>use_remote_address</c> off): <c>x-forwarded-for</c> passes unchanged, <c>x-forwarded-proto</c> is added when
/// missing and kept when present, Envoy's <c>x-envoy-*</c> control headers are removed, and nothing else is added (no
/// <c>x-forwarded-host</c>, no <c>x-envoy-*</c>).
/// </summary>
public sealed class ProxyHeadersTests
{
    private static readonly string[] s_reviews = ["reviews-v1"];

    [Fact]
    public async Task Outbound_CallerSentNone_ProtoAddedAndNothingElse()
    {
        await using var mesh = await RoutingMesh.StartAsync("", s_reviews);

        Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync("/reviews/1"));

        var headers = Assert.Single(mesh["reviews-v1"].Received).Headers;
        Assert.Equal("http", headers["x-forwarded-proto"]);
        Assert.False(headers.ContainsKey("x-forwarded-for"));
        AssertNoOtherForwardingHeaders(headers);
    }

    [Fact]
    public async Task Outbound_CallersForwardingHeaders_PassUnchanged()
    {
        await using var mesh = await RoutingMesh.StartAsync("", s_reviews);

        Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync("/reviews/1",
            ("x-forwarded-for", "203.0.113.7, 10.0.0.1"), ("x-forwarded-proto", "https"), ("x-forwarded-host", "bookinfo.example")));

        var headers = Assert.Single(mesh["reviews-v1"].Received).Headers;
        Assert.Equal("203.0.113.7, 10.0.0.1", headers["x-forwarded-for"]);
        Assert.Equal("https", headers["x-forwarded-proto"]);
        Assert.Equal("bookinfo.example", headers["x-forwarded-host"]);
    }

    [Fact]
    public async Task Outbound_EnvoysControlHeaders_AreRemovedAsFromAnUntrustedCaller()
    {
        // Envoy would act on these from a caller it trusts as internal, which with Istio's defaults none is: it removes
        // them, and the 503 is not retried. Other x-envoy-* headers pass.
        await using var mesh = await RoutingMesh.StartAsync("", s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.FailFirst(1, StatusCodes.Status503ServiceUnavailable, "reviews-v1");

        using var response = await mesh.GetAsync("/reviews/1", ("x-envoy-retry-on", "5xx"), ("x-envoy-max-retries", "3"),
            ("x-envoy-upstream-rq-timeout-ms", "1"), ("x-envoy-internal", "true"), ("x-envoy-custom", "kept"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var headers = Assert.Single(mesh["reviews-v1"].Received).Headers;
        Assert.Equal(["x-envoy-custom"], headers.Keys.Where(k => k.StartsWith("x-envoy-", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task CallerSidecarToCalleeSidecar_OverMutualTls_AppSeesTheCallersProto()
    {
        // The callee's sidecar receives the request over mutual TLS, but the caller's sidecar already set http (the app's
        // own scheme) and a sidecar keeps what it receives: the app sees http, as behind Istio.
        await using var mesh = await SecureMesh.StartAsync();
        var productpage = await mesh.AddAsync("productpage-v1", callsReviews: true);
        var reviews = await mesh.AddAsync(SecureMesh.Callee);
        await mesh.ApplyAsync("");

        using var response = await productpage.CallReviewsAsync("/reviews/0", ("x-forwarded-for", "203.0.113.7"));

        response.EnsureSuccessStatusCode();
        var headers = Assert.Single(reviews.App.Received).Headers;
        Assert.True(headers.ContainsKey("x-forwarded-client-cert"), "the hop was mutual TLS");
        Assert.Equal("http", headers["x-forwarded-proto"]);
        Assert.Equal("203.0.113.7", headers["x-forwarded-for"]);
        Assert.Equal("reviews", headers["Host"]);
        AssertNoOtherForwardingHeaders(headers);
    }

    // Envoy's other forwarding headers are off in Istio's defaults, and the mesh adds none of Envoy's own x-envoy-* headers.
    private static void AssertNoOtherForwardingHeaders(IReadOnlyDictionary<string, string> headers) =>
        Assert.DoesNotContain(headers.Keys, name =>
            name.StartsWith("x-envoy-", StringComparison.OrdinalIgnoreCase)
            || name.Equals("x-forwarded-host", StringComparison.OrdinalIgnoreCase)
            || name.Equals("x-forwarded-port", StringComparison.OrdinalIgnoreCase)
            || name.Equals("x-forwarded-prefix", StringComparison.OrdinalIgnoreCase));
}

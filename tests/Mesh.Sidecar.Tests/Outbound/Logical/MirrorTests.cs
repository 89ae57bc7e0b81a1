using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Outbound.Logical;

/// <summary>Istio's traffic mirroring: a copy goes to the mirror, fire and forget; the caller only ever sees the route's answer.</summary>
public sealed class MirrorTests
{
    private static readonly string[] s_reviews = ["reviews-v1", "reviews-v2"];

    // Istio's mirroring task (httpbin v1 with a mirror to v2), for reviews.
    private const string MirrorToV2 = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - route:
            - destination:
                host: reviews
                subset: v1
              weight: 100
            mirror:
              host: reviews
              subset: v2
            mirrorPercentage:
              value: 100.0
        """;

    internal const string Config = MirrorToV2 + "\n---\n" + RoutingMesh.ReviewsSubsets;

    [Theory]
    [InlineData("reviews", "reviews-shadow")]
    [InlineData("reviews:9080", "reviews-shadow:9080")]
    public async Task Mirror100Percent_V2GetsACopyWithShadowHost_CallerGetsV1(string host, string shadowHost)
    {
        await using var mesh = await RoutingMesh.StartAsync(Config, s_reviews);

        using var response = await mesh.GetAsync("/reviews/3?x=1", ("Host", host), ("end-user", "jason"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("reviews-v1", await response.Content.ReadAsStringAsync());
        var v2 = mesh["reviews-v2"];
        await Eventually.WaitUntilAsync(() => v2.Received.Count == 1, "the mirror receives its copy");
        var copy = v2.Received[0];
        var original = Assert.Single(mesh["reviews-v1"].Received);
        Assert.Equal(shadowHost, copy.Headers["Host"]);
        Assert.Equal("/reviews/3?x=1", copy.PathAndQuery);
        Assert.Equal("GET", copy.Method);
        Assert.Equal("jason", copy.Headers["end-user"]);
        Assert.Equal(original.Headers["x-request-id"], copy.Headers["x-request-id"]);
    }

    [Fact]
    public async Task Mirror_EveryRequestIsCopiedOnce()
    {
        await using var mesh = await RoutingMesh.StartAsync(Config, s_reviews);

        var counts = await mesh.CountAsync(20);

        Assert.Equal(20, counts["reviews-v1"]);
        await Eventually.WaitUntilAsync(() => mesh["reviews-v2"].Received.Count == 20, "the mirror receives 20 copies");
    }

    [Fact]
    public async Task MirrorPercentage_CopiesTheRequestsWhoseRollFallsUnder()
    {
        // mirrorPercentage 25: a roll of 0.10 or 0.2499 copies the request, 0.25 and 0.90 do not.
        var random = new ScriptedRandom([], [0.10, 0.25, 0.90, 0.2499]);
        await using var mesh = await RoutingMesh.StartAsync(Config.Replace("value: 100.0", "value: 25.0", StringComparison.Ordinal), s_reviews,
            configure: builder => builder.Services.AddSingleton<Random>(random));

        foreach (var path in new[] { "/1", "/2", "/3", "/4" })
        {
            Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync(path));
        }

        await Eventually.WaitUntilAsync(() => mesh["reviews-v2"].Received.Count == 2, "two copies");
        Assert.Equal(["/1", "/4"], mesh["reviews-v2"].Received.Select(r => r.PathAndQuery).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MirrorDown_DoesNotAffectTheCaller()
    {
        await using var mesh = await RoutingMesh.StartAsync(Config, s_reviews);
        await mesh["reviews-v2"].StopAsync();

        var counts = await mesh.CountAsync(10);

        Assert.Equal(10, counts["reviews-v1"]);
        Assert.Equal(0, mesh.ReviewsStats().ResponseCodes.GetValueOrDefault("5xx"));
    }

    [Fact]
    public async Task MirrorThatNeverAnswers_DoesNotHoldTheCaller()
    {
        await using var mesh = await RoutingMesh.StartAsync(Config, s_reviews);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        mesh["reviews-v2"].Handler = Upstreams.Held(release.Task, "reviews-v2");

        // Were the copy awaited, the first call would wait for the mirror until the client's 30 s timeout.
        var counts = await mesh.CountAsync(5);

        Assert.Equal(5, counts["reviews-v1"]);
        await Eventually.WaitUntilAsync(() => mesh["reviews-v2"].Received.Count == 5, "the mirror receives 5 copies");
        release.TrySetResult();
    }

    [Fact]
    public async Task MirrorErrors_DoNotReachTheCaller()
    {
        await using var mesh = await RoutingMesh.StartAsync(Config, s_reviews);
        mesh["reviews-v2"].Handler = Upstreams.Always(StatusCodes.Status500InternalServerError);

        Assert.Equal(10, (await mesh.CountAsync(10))["reviews-v1"]);
    }

    [Fact]
    public async Task PostWithBody_IsMirroredToo()
    {
        await using var mesh = await RoutingMesh.StartAsync(Config, s_reviews);

        using var body = new StringContent("""{"rating": 5}""");
        using var response = await mesh.SendAsync(HttpMethod.Post, "/ratings/1", body, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.WaitUntilAsync(() => mesh["reviews-v2"].Received.Count == 1, "the mirror receives the POST", TimeSpan.FromSeconds(5));
        // Both got the whole 13-byte body.
        Assert.Equal("13", Assert.Single(mesh["reviews-v2"].Received).Headers["Content-Length"]);
        Assert.Equal("13", Assert.Single(mesh["reviews-v1"].Received).Headers["Content-Length"]);
    }
}

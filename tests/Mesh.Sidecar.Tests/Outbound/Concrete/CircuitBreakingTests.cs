using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sidecar.Tests.Outbound.Concrete;

/// <summary>DestinationRule <c>connectionPool</c> limits (503 UO beyond them) and <c>outlierDetection</c> (ejection).</summary>
public sealed class CircuitBreakingTests
{
    // Istio's circuit-breaking task (destination rule for httpbin), for reviews.
    private const string OneConnection = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            connectionPool:
              tcp:
                maxConnections: 1
              http:
                http1MaxPendingRequests: 1
                maxRequestsPerConnection: 1
        """;

    private const string EjectAfterOne5xx = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            loadBalancer:
              simple: ROUND_ROBIN
            outlierDetection:
              consecutive5xxErrors: 1
              interval: 1s
              baseEjectionTime: 3s
              maxEjectionPercent: 100
        """;

    [Fact]
    public async Task OneConnectionOnePending_SixConcurrent_OneActiveOneQueuedFourOverflow()
    {
        await using var mesh = await RoutingMesh.StartAsync(OneConnection, ["reviews-v1"]);
        var app = mesh["reviews-v1"];
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Handler = Upstreams.Held(release.Task, "reviews-v1");

        var completed = 0;
        var calls = Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await mesh.GetAsync();
            Interlocked.Increment(ref completed);
            return (Status: (int)response.StatusCode, Flag: RoutingMesh.Flag(response), Body: await response.Content.ReadAsStringAsync());
        }).ToList();

        // The app holds the one request it is allowed; one more waits in the sidecar; the other four are refused
        // at once. Nothing is released before that is seen, so no timing decides the outcome.
        await Eventually.WaitUntilAsync(() => Volatile.Read(ref completed) == 4 && app.Received.Count == 1, "four requests overflow while one is held");
        Assert.Equal(1, mesh.Cluster("reviews.default|").Limiter.Pending);
        release.TrySetResult();
        var results = await Task.WhenAll(calls);

        Assert.Equal(2, results.Count(r => r.Status == StatusCodes.Status200OK));
        var overflows = results.Where(r => r.Status == StatusCodes.Status503ServiceUnavailable).ToList();
        Assert.Equal(4, overflows.Count);
        Assert.All(overflows, r => Assert.Equal("UO", r.Flag));
        Assert.All(overflows, r => Assert.Equal("upstream connect error or disconnect/reset before headers. reset reason: overflow", r.Body));
        Assert.Equal(2, app.Received.Count);
        Assert.Equal(4, mesh.ReviewsStats().ResponseFlags["UO"]);
    }

    [Fact]
    public async Task OneConnection_SequentialRequests_NeverOverflow()
    {
        await using var mesh = await RoutingMesh.StartAsync(OneConnection, ["reviews-v1"]);

        Assert.Equal(20, (await mesh.CountAsync(20))["reviews-v1"]);
        Assert.Equal(0, mesh.Cluster("reviews.default|").Limiter.Overflows);
    }

    [Fact]
    public async Task OutlierDetection_EndpointReturning500_IsEjectedThenTriedAgainAfterBaseEjectionTime()
    {
        var time = new FakeTimeProvider();
        await using var mesh = await RoutingMesh.StartAsync(EjectAfterOne5xx, ["reviews-v1", "reviews-v2"],
            configure: builder => builder.Services.AddSingleton<TimeProvider>(time));
        var good = mesh["reviews-v1"];
        var bad = mesh["reviews-v2"];
        bad.Handler = Upstreams.Always(StatusCodes.Status500InternalServerError);

        // Round robin reaches the bad endpoint within two requests; its first 500 ejects it.
        await SendUntilAsync(mesh, () => bad.Received.Count == 1, "the bad endpoint gets its first request");

        // Fake time stands still: the ejection (3 s) cannot run out while these are sent.
        Assert.Equal(20, (await mesh.CountAsync(20))["reviews-v1"]);
        Assert.Single(bad.Received);
        Assert.Equal(["reviews-v2"], mesh.Cluster("reviews.default|").Outliers!.Ejected);

        time.Advance(TimeSpan.FromSeconds(3));
        await SendUntilAsync(mesh, () => bad.Received.Count == 2, "the bad endpoint is tried again after baseEjectionTime");

        // Ejected a second time in a row: for 2 × baseEjectionTime.
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(10, (await mesh.CountAsync(10))["reviews-v1"]);
        Assert.Equal(2, bad.Received.Count);
        time.Advance(TimeSpan.FromSeconds(3));
        await SendUntilAsync(mesh, () => bad.Received.Count == 3, "the bad endpoint returns after 2 × baseEjectionTime");
        Assert.True(good.Received.Count >= 30);
    }

    [Fact]
    public async Task OutlierDetection_BelowMinHealthPercent_PanicsAndSendsToEjectedEndpoints()
    {
        var time = new FakeTimeProvider();
        await using var mesh = await RoutingMesh.StartAsync(EjectAfterOne5xx + "\n      minHealthPercent: 50", ["reviews-v1", "reviews-v2"],
            configure: builder => builder.Services.AddSingleton<TimeProvider>(time));
        mesh["reviews-v1"].Handler = Upstreams.Always(StatusCodes.Status500InternalServerError);
        mesh["reviews-v2"].Handler = Upstreams.Always(StatusCodes.Status500InternalServerError);

        for (var i = 0; i < 10; i++)
        {
            using var response = await mesh.GetAsync();
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }

        // Fewer than 50% healthy: Envoy's panic threshold balances over every endpoint, ejected or not.
        Assert.Equal(10, mesh["reviews-v1"].Received.Count + mesh["reviews-v2"].Received.Count);
    }

    [Fact]
    public async Task OutlierDetection_EveryEndpointEjected_DefaultMinHealthPercent_Returns503NoHealthyUpstream()
    {
        var time = new FakeTimeProvider();
        await using var mesh = await RoutingMesh.StartAsync(EjectAfterOne5xx, ["reviews-v1", "reviews-v2"],
            configure: builder => builder.Services.AddSingleton<TimeProvider>(time));
        mesh["reviews-v1"].Handler = Upstreams.Always(StatusCodes.Status500InternalServerError);
        mesh["reviews-v2"].Handler = Upstreams.Always(StatusCodes.Status500InternalServerError);
        await SendUntilAsync(mesh, () => mesh["reviews-v1"].Received.Count == 1 && mesh["reviews-v2"].Received.Count == 1, "both endpoints fail once");

        using var response = await mesh.GetAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("UH", RoutingMesh.Flag(response));
        Assert.Equal(2, mesh["reviews-v1"].Received.Count + mesh["reviews-v2"].Received.Count);
    }

    private static async Task SendUntilAsync(RoutingMesh mesh, Func<bool> condition, string what)
    {
        for (var i = 0; i < 4 && !condition(); i++)
        {
            using var response = await mesh.GetAsync();
        }

        Assert.True(condition(), $"after 4 requests, not yet: {what}");
    }
}

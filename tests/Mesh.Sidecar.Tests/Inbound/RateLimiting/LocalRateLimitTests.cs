using Mesh.Sidecar.Telemetry;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sidecar.Tests.Inbound.RateLimiting;

/// <summary>
/// The mesh's LocalRateLimit on a workload's inbound listener (Envoy's local rate limit filter): a token bucket, 429
/// with flag RL and rate-limit headers beyond it.
/// </summary>
public sealed class LocalRateLimitTests
{
    private const string ThreePerMinute = """
        apiVersion: mesh.dev/v1alpha1
        kind: LocalRateLimit
        metadata:
          name: reviews
        spec:
          selector:
            matchLabels:
              app: reviews
          tokenBucket:
            maxTokens: 3
            tokensPerFill: 3
            fillInterval: 1m
        """;

    [Fact]
    public async Task ThreeTokensPerMinute_FourthRequestGets429WithRateLimitHeaders()
    {
        await using var callee = await Callee.StartAsync(ThreePerMinute);

        for (var i = 0; i < 3; i++)
        {
            using var passed = await callee.Sidecar.Client.GetAsync(new Uri(callee.Sidecar.Inbound, "/reviews/1"));
            Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        }

        using var response = await callee.Sidecar.Client.GetAsync(new Uri(callee.Sidecar.Inbound, "/reviews/1"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("RL", RoutingMesh.Flag(response));
        Assert.Equal("local_rate_limited", await response.Content.ReadAsStringAsync());

        // Fake time stands still, so the next refill is exactly one fillInterval away.
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.RetryAfter?.Delta);
        Assert.Equal("3", Single(response, "RateLimit-Limit"));
        Assert.Equal("0", Single(response, "RateLimit-Remaining"));
        Assert.Equal("60", Single(response, "RateLimit-Reset"));
        Assert.Equal(3, callee.App.Received.Count);
        Assert.Equal(1, callee.Sidecar.Services.GetRequiredService<TrafficStats>().Inbound.Read().ResponseFlags["RL"]);
    }

    [Fact]
    public async Task AfterFillInterval_TokensReturn()
    {
        await using var callee = await Callee.StartAsync(ThreePerMinute);
        for (var i = 0; i < 4; i++)
        {
            using var _ = await callee.Sidecar.Client.GetAsync(callee.Sidecar.Inbound);
        }

        callee.Time.Advance(TimeSpan.FromSeconds(30));
        using (var early = await callee.Sidecar.Client.GetAsync(callee.Sidecar.Inbound))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, early.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(30), early.Headers.RetryAfter?.Delta);
        }

        callee.Time.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 3; i++)
        {
            using var passed = await callee.Sidecar.Client.GetAsync(callee.Sidecar.Inbound);
            Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        }

        using var limited = await callee.Sidecar.Client.GetAsync(callee.Sidecar.Inbound);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(6, callee.App.Received.Count);
    }

    [Fact]
    public async Task PathMatch_LimitsOnlyMatchingPaths()
    {
        await using var callee = await Callee.StartAsync(ThreePerMinute + "\n  match:\n    paths:\n    - prefix: /ratings");
        for (var i = 0; i < 3; i++)
        {
            using var _ = await callee.Sidecar.Client.GetAsync(new Uri(callee.Sidecar.Inbound, "/ratings/1"));
        }

        using var limited = await callee.Sidecar.Client.GetAsync(new Uri(callee.Sidecar.Inbound, "/ratings/1"));
        using var other = await callee.Sidecar.Client.GetAsync(new Uri(callee.Sidecar.Inbound, "/reviews/1"));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task ThroughCallerSidecar_CallerSees429AndNoRetry()
    {
        await using var callee = await Callee.StartAsync(ThreePerMinute);
        await using var callerPlane = await FakeControlPlane.StartAsync();
        await using var productpage = await FakeApp.StartAsync("productpage-v1");
        await using var caller = await SidecarHost.StartAsync(callerPlane.BaseAddress, productpage.BaseAddress, outbound: [new("reviews", "reviews")]);
        var reviews = MeshConfig.Workload("reviews-v1", callee.Sidecar.Inbound);
        callerPlane.PushSnapshot(MeshConfig.Snapshot("1", ThreePerMinute, MeshConfig.Workload("productpage-v1", caller.Inbound), [reviews]));
        await caller.WaitForSnapshotAsync("1");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await caller.Client.GetAsync(caller.Outbound());
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(3, callee.App.Received.Count);
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.GetValues(header));

    /// <summary>reviews-v1's sidecar on fake time, with its app and the given configuration applied.</summary>
    private sealed class Callee : IAsyncDisposable
    {
        private readonly FakeControlPlane _controlPlane;

        private Callee(FakeControlPlane controlPlane, FakeApp app, SidecarHost sidecar, FakeTimeProvider time)
        {
            _controlPlane = controlPlane;
            App = app;
            Sidecar = sidecar;
            Time = time;
        }

        public FakeApp App { get; }

        public SidecarHost Sidecar { get; }

        public FakeTimeProvider Time { get; }

        public static async Task<Callee> StartAsync(string yaml)
        {
            var time = new FakeTimeProvider();
            var controlPlane = await FakeControlPlane.StartAsync();
            var app = await FakeApp.StartAsync("reviews-v1");
            var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress,
                builder => builder.Services.AddSingleton<TimeProvider>(time), workload: "reviews-v1", service: "reviews");
            var self = MeshConfig.Workload("reviews-v1", sidecar.Inbound);
            controlPlane.PushSnapshot(MeshConfig.Snapshot("1", yaml, self, [self]));
            await sidecar.WaitForSnapshotAsync("1");
            return new Callee(controlPlane, app, sidecar, time);
        }

        public async ValueTask DisposeAsync()
        {
            await Sidecar.DisposeAsync();
            await App.DisposeAsync();
            await _controlPlane.DisposeAsync();
        }
    }
}

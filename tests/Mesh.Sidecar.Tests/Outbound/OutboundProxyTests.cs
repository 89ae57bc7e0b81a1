using System.Diagnostics;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;
using static Mesh.Testing.Snapshots;

namespace Mesh.Sidecar.Tests.Outbound;

/// <summary>A real sidecar's outbound listener, with fake apps standing in for the upstream workloads' sidecars.</summary>
public sealed class OutboundProxyTests
{
    [Fact]
    public async Task HandleAsync_TwoEndpoints_DefaultLeastRequestUsesBoth()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var v1 = await FakeApp.StartAsync("reviews-v1");
        await using var v2 = await FakeApp.StartAsync("reviews-v2");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, v1.BaseAddress, outbound: [new("reviews", "reviews")]);
        controlPlane.PushSnapshot(Create("1", Service("reviews", Endpoint("reviews-v1", v1.BaseAddress), Endpoint("reviews-v2", v2.BaseAddress))));
        await sidecar.WaitForSnapshotAsync("1");

        // Istio's default balancer, LEAST_REQUEST, breaks ties between idle endpoints at random: over 40 sequential
        // requests both endpoints answer (all on one has probability 2^-39).
        var bodies = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            bodies.Add(await sidecar.Client.GetStringAsync(new Uri(sidecar.Outbound(), "/reviews/0")));
        }

        Assert.Contains("reviews-v1", bodies);
        Assert.Contains("reviews-v2", bodies);

        Assert.All(v1.Received.Concat(v2.Received), r => Assert.Equal("/reviews/0", r.PathAndQuery));
    }

    [Fact]
    public async Task HandleAsync_NoSnapshotYet_Returns503NoHealthyUpstream()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("productpage-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, outbound: [new("reviews", "reviews")]);

        using var response = await sidecar.Client.GetAsync(sidecar.Outbound());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("UH", Assert.Single(response.Headers.GetValues(ResponseFlags.HeaderName)));
        Assert.Equal("no healthy upstream", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HandleAsync_ServiceWithoutEndpoints_Returns503NoHealthyUpstream()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("productpage-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, outbound: [new("reviews", "reviews")]);
        controlPlane.PushSnapshot(Create("1", Service("reviews")));
        await sidecar.WaitForSnapshotAsync("1");

        using var response = await sidecar.Client.GetAsync(sidecar.Outbound());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("UH", Assert.Single(response.Headers.GetValues(ResponseFlags.HeaderName)));
        Assert.Equal("no healthy upstream", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HandleAsync_SnapshotSwap_ChangesDestinations()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var v1 = await FakeApp.StartAsync("reviews-v1");
        await using var v3 = await FakeApp.StartAsync("reviews-v3");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, v1.BaseAddress, outbound: [new("reviews", "reviews")]);
        controlPlane.PushSnapshot(Create("1", Service("reviews", Endpoint("reviews-v1", v1.BaseAddress))));
        await sidecar.WaitForSnapshotAsync("1");
        Assert.Equal("reviews-v1", await sidecar.Client.GetStringAsync(sidecar.Outbound()));

        controlPlane.PushSnapshot(Create("2", Service("reviews", Endpoint("reviews-v3", v3.BaseAddress, version: "v3"))));
        await sidecar.WaitForSnapshotAsync("2");

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("reviews-v3", await sidecar.Client.GetStringAsync(sidecar.Outbound()));
        }
    }

    [Fact]
    public async Task HandleAsync_PinnedToWorkload_SendsOnlyToThatWorkload()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var v1 = await FakeApp.StartAsync("reviews-v1");
        await using var v2 = await FakeApp.StartAsync("reviews-v2");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, v1.BaseAddress,
            outbound: [new("reviews", "reviews"), new("reviews-v2", "reviews", Workload: "reviews-v2")]);
        controlPlane.PushSnapshot(Create("1", Service("reviews", Endpoint("reviews-v1", v1.BaseAddress), Endpoint("reviews-v2", v2.BaseAddress, version: "v2"))));
        await sidecar.WaitForSnapshotAsync("1");

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("reviews-v2", await sidecar.Client.GetStringAsync(sidecar.Outbound(1)));
        }
    }

    [Fact]
    public async Task HandleAsync_NoRequestId_AddsOne()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var upstream = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, upstream.BaseAddress, outbound: [new("reviews", "reviews")]);
        controlPlane.PushSnapshot(Create("1", Service("reviews", Endpoint("reviews-v1", upstream.BaseAddress))));
        await sidecar.WaitForSnapshotAsync("1");

        await sidecar.Client.GetStringAsync(sidecar.Outbound());

        var received = Assert.Single(upstream.Received);
        Assert.True(Guid.TryParse(received.Headers[RequestId.HeaderName], out _));
    }

    [Fact]
    public async Task HandleAsync_RequestIdAndTraceParent_FlowToUpstream()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var upstream = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, upstream.BaseAddress, outbound: [new("reviews", "reviews")]);
        controlPlane.PushSnapshot(Create("1", Service("reviews", Endpoint("reviews-v1", upstream.BaseAddress))));
        await sidecar.WaitForSnapshotAsync("1");
        const string TraceId = "0af7651916cd43dd8448eb211c80319c";
        using var request = new HttpRequestMessage(HttpMethod.Get, sidecar.Outbound());
        request.Headers.Add(RequestId.HeaderName, "my-request");

        // The caller's request belongs to a trace. (A traceparent header set by hand would be replaced: the
        // sidecar's HTTP client instrumentation runs in this process too and re-injects the client's context.)
        using var caller = new Activity("caller").SetParentId($"00-{TraceId}-b7ad6b7169203331-01").Start();
        using var response = await sidecar.Client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var received = Assert.Single(upstream.Received);
        Assert.Equal("my-request", received.Headers[RequestId.HeaderName]);
        Assert.Contains(TraceId, received.Headers["traceparent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_EndpointRefusesConnection_Returns503WithUpstreamConnectionFailure()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("productpage-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, outbound: [new("reviews", "reviews")]);
        var closed = new Uri($"http://127.0.0.1:{Loopback.GetFreePort()}");
        controlPlane.PushSnapshot(Create("1", Service("reviews", Endpoint("reviews-v1", closed))));
        await sidecar.WaitForSnapshotAsync("1");

        using var response = await sidecar.Client.GetAsync(sidecar.Outbound());

        // Envoy's answer to a refused connection (after Istio's default connect-failure retries): 503 UF.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("UF", Assert.Single(response.Headers.GetValues(ResponseFlags.HeaderName)));
    }

    [Fact]
    public async Task HandleAsync_ThroughPeerSidecar_ReachesPeerApp()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var productpage = await FakeApp.StartAsync("productpage-v1");
        await using var reviews = await FakeApp.StartAsync("reviews-v1");
        await using var caller = await SidecarHost.StartAsync(controlPlane.BaseAddress, productpage.BaseAddress, outbound: [new("reviews", "reviews")]);
        await using var callee = await SidecarHost.StartAsync(controlPlane.BaseAddress, reviews.BaseAddress, workload: "reviews-v1", service: "reviews");
        controlPlane.PushSnapshot(Create("1", Service("reviews", Endpoint("reviews-v1", callee.Inbound))));
        await caller.WaitForSnapshotAsync("1");

        var body = await caller.Client.GetStringAsync(new Uri(caller.Outbound(), "/reviews/7?x=1"));

        Assert.Equal("reviews-v1", body);
        Assert.Equal("/reviews/7?x=1", Assert.Single(reviews.Received).PathAndQuery);
    }
}

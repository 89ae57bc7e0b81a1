using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Inbound;

/// <summary>A real sidecar's inbound listener in front of a fake app.</summary>
public sealed class InboundProxyTests
{
    [Fact]
    public async Task HandleAsync_AppRunning_ForwardsToApp()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, workload: "reviews-v1", service: "reviews");

        var body = await sidecar.Client.GetStringAsync(new Uri(sidecar.Inbound, "/reviews/1?user=jason"));

        Assert.Equal("reviews-v1", body);
        var received = Assert.Single(app.Received);
        Assert.Equal("/reviews/1?user=jason", received.PathAndQuery);
        Assert.True(received.Headers.ContainsKey(RequestId.HeaderName));
    }

    [Theory]
    [InlineData("reviews")]
    [InlineData("reviews:9080")]
    [InlineData("bookinfo.example.com")]
    public async Task HandleAsync_CallersHost_ReachesTheAppUnchanged(string host)
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, workload: "reviews-v1", service: "reviews");

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sidecar.Inbound, "/reviews/1"));
        request.Headers.Host = host;
        using var response = await sidecar.Client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        Assert.Equal(host, Assert.Single(app.Received).Headers["Host"]);
    }

    [Theory]
    [InlineData(null, "http")]
    [InlineData("https", "https")]
    public async Task HandleAsync_ForwardedProto_KeptOrSetFromThePlainTextConnection(string? sent, string received)
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, workload: "reviews-v1", service: "reviews");

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sidecar.Inbound, "/reviews/1"));
        if (sent is not null)
        {
            request.Headers.Add("x-forwarded-proto", sent);
        }

        using var response = await sidecar.Client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var headers = Assert.Single(app.Received).Headers;
        Assert.Equal(received, headers["x-forwarded-proto"]);
        Assert.False(headers.ContainsKey("x-forwarded-for"));
    }

    [Fact]
    public async Task HandleAsync_EnvoysControlHeaders_AreRemoved()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, workload: "reviews-v1", service: "reviews");

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sidecar.Inbound, "/reviews/1"));
        request.Headers.Add("x-envoy-retry-on", "5xx");
        request.Headers.Add("x-envoy-internal", "true");
        request.Headers.Add("x-envoy-custom", "kept");
        using var response = await sidecar.Client.SendAsync(request);

        response.EnsureSuccessStatusCode();
        var headers = Assert.Single(app.Received).Headers;
        Assert.Equal(["x-envoy-custom"], headers.Keys.Where(k => k.StartsWith("x-envoy-", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task HandleAsync_PostWithBody_ForwardsMethodAndBody()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("ratings-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, workload: "ratings-v1", service: "ratings");
        using var content = new StringContent("{\"stars\":5}");

        using var response = await sidecar.Client.PostAsync(new Uri(sidecar.Inbound, "/ratings/1"), content);

        response.EnsureSuccessStatusCode();
        Assert.Equal("POST", Assert.Single(app.Received).Method);
    }

    [Fact]
    public async Task HandleAsync_AppNotListening_Returns503WithUpstreamConnectionFailure()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        var closed = new Uri($"http://127.0.0.1:{Loopback.GetFreePort()}");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, closed, workload: "reviews-v1", service: "reviews");

        using var response = await sidecar.Client.GetAsync(sidecar.Inbound);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("UF", Assert.Single(response.Headers.GetValues(ResponseFlags.HeaderName)));
        Assert.Contains("connection failure", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

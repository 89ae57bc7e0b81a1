using System.Net.WebSockets;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Sidecar.Tests.Outbound.Logical;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Streaming;

/// <summary>
/// WebSockets (HTTP/1.1 upgrades) through the mesh, and what the router's layers do to them, as Envoy's router does:
/// retries and the route's timeouts apply to the upgrade request, the timeouts end once the upgrade is accepted, and an
/// upgrade is never mirrored.
/// </summary>
public sealed class WebSocketTests
{
    private static readonly string[] s_reviews = ["reviews-v1"];

    [Fact]
    public async Task WebSocket_ThroughTwoSidecarsWithMutualTls_EchoesBothWays_AndTheCalleeSeesTheCaller()
    {
        await using var mesh = await SecureMesh.StartCallerAndCalleeAsync();
        var (productpage, reviews) = (mesh[SecureMesh.Caller], mesh[SecureMesh.Callee]);
        reviews.App.Handler = Upstreams.WebSocketEcho(WebSocketClient.EchoPrefix);
        using var cancel = new CancellationTokenSource(Eventually.DefaultTimeout);

        using var socket = await WebSocketClient.ConnectAsync(productpage.Sidecar.Outbound(), "/reviews/socket", cancel.Token);
        var answers = new List<string>();
        foreach (var message in new[] { "one", "two", "three" })
        {
            answers.Add(await socket.EchoAsync(message, cancel.Token));
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancel.Token);
        Assert.Equal(["echo: one", "echo: two", "echo: three"], answers);
        var upgrade = Assert.Single(reviews.App.Received);
        Assert.Equal("/reviews/socket", upgrade.PathAndQuery);
        // Set by reviews' sidecar for a mutual-TLS caller only: the hop between the sidecars was mutual TLS.
        Assert.Contains($"URI={productpage.SpiffeUri}", upgrade.Headers["x-forwarded-client-cert"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebSocket_OpenLongerThanTheRouteAndPerTryTimeouts_StaysOpenWhileItTalks()
    {
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route("timeout: 500ms\n    retries: {attempts: 2, perTryTimeout: 250ms, retryOn: 5xx}"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.WebSocketEcho(WebSocketClient.EchoPrefix);
        using var cancel = new CancellationTokenSource(Eventually.DefaultTimeout);

        using var socket = await WebSocketClient.ConnectAsync(mesh.Sidecar.Outbound(), "/socket", cancel.Token);
        var answered = await socket.TalkAsync(TimeSpan.FromSeconds(1.5), TimeSpan.FromMilliseconds(100), cancel.Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancel.Token);

        Assert.True(answered >= 3, $"{answered} answers");
        Assert.Empty(mesh.Sidecar.Logs.Matching(" UT ("));
    }

    [Fact]
    public async Task WebSocket_UpgradeSlowerThanTheRouteTimeout_Is504()
    {
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route("timeout: 500ms"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.Slow(TimeSpan.FromSeconds(10), "late");
        using var cancel = new CancellationTokenSource(Eventually.DefaultTimeout);

        var refusal = await WebSocketClient.RefusedAsync(mesh.Sidecar.Outbound(), "/socket", cancel.Token);

        Assert.Equal((HttpStatusCode.GatewayTimeout, "UT"), refusal);
    }

    [Fact]
    public async Task WebSocket_FaultAbort_RefusesTheUpgradeAsAnyGet()
    {
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route("fault: {abort: {httpStatus: 503, percentage: {value: 100}}}"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.WebSocketEcho(WebSocketClient.EchoPrefix);
        using var cancel = new CancellationTokenSource(Eventually.DefaultTimeout);

        var refusal = await WebSocketClient.RefusedAsync(mesh.Sidecar.Outbound(), "/socket", cancel.Token);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "FI"), refusal);
        Assert.Empty(mesh["reviews-v1"].Received);
    }

    [Fact]
    public async Task WebSocket_UpgradeRefusedWith503_IsRetriedAsAnyGet()
    {
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route("retries: {attempts: 2, retryOn: 5xx}"), s_reviews);
        var echo = Upstreams.WebSocketEcho(WebSocketClient.EchoPrefix);
        mesh["reviews-v1"].Handler = (context, number) =>
        {
            if (number == 1)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Task.CompletedTask;
            }

            return echo(context, number);
        };
        using var cancel = new CancellationTokenSource(Eventually.DefaultTimeout);

        using var socket = await WebSocketClient.ConnectAsync(mesh.Sidecar.Outbound(), "/socket", cancel.Token);

        Assert.Equal("echo: after a retry", await socket.EchoAsync("after a retry", cancel.Token));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancel.Token);
        Assert.Equal(2, mesh["reviews-v1"].Received.Count);
    }

    [Fact]
    public async Task WebSocket_OnAMirroredRoute_IsNotMirrored_WhileAPlainRequestIs()
    {
        await using var mesh = await RoutingMesh.StartAsync(MirrorTests.Config, ["reviews-v1", "reviews-v2"]);
        mesh["reviews-v1"].Handler = Upstreams.WebSocketEcho(WebSocketClient.EchoPrefix);
        using var cancel = new CancellationTokenSource(Eventually.DefaultTimeout);

        using (var socket = await WebSocketClient.ConnectAsync(mesh.Sidecar.Outbound(), "/socket", cancel.Token))
        {
            Assert.Equal("echo: hello", await socket.EchoAsync("hello", cancel.Token));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancel.Token);
        }

        // A plain GET after it is mirrored: once its copy is there, a copy of the upgrade would have been too.
        using var plain = await mesh.GetAsync("/plain");
        await Eventually.WaitUntilAsync(() => Task.FromResult(mesh["reviews-v2"].Received.Count > 0), "the plain GET is mirrored");
        Assert.Equal(["/plain"], mesh["reviews-v2"].Received.Select(r => r.PathAndQuery));
    }
}

using System.Net.WebSockets;
using Mesh.Sidecar.Inbound;
using Mesh.Sidecar.Outbound.Endpoints;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Sidecar.Tests.Outbound.Endpoints;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Streaming;

/// <summary>
/// Long-lived connections: a WebSocket or stream stays open while data flows, whatever the connection pool's lifetime;
/// silence ends it after the stream idle timeout (Envoy's 5 minutes, or the DestinationRule's <c>http.idleTimeout</c>).
/// </summary>
public sealed class LongLivedStreamTests
{
    private static readonly string[] s_reviews = ["reviews-v1"];

    [Fact]
    public void StreamIdleTimeout_Default_IsEnvoys5Minutes_OnEveryHop()
    {
        var envoys = TimeSpan.FromMinutes(5);

        Assert.Equal(envoys, PoolSettings.Of(null).UpgradeIdleTimeout);
        Assert.Equal(envoys, PoolSettings.Of(new ConnectionPoolConfig { MaxConnections = 4 }).UpgradeIdleTimeout);
        Assert.Equal(envoys, PeerConnections.Http1Request.ActivityTimeout);
        Assert.Equal(envoys, PeerConnections.Http2Request.ActivityTimeout);
        Assert.Equal(envoys, AppForwarder.AppRequest.ActivityTimeout);
        Assert.Equal(envoys, AppForwarder.Http2Request.ActivityTimeout);
    }

    [Fact]
    public void UpgradeIdleTimeout_WithHttpIdleTimeout_IsIt()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), PoolSettings.Of(new ConnectionPoolConfig { IdleTimeout = TimeSpan.FromSeconds(2) }).UpgradeIdleTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), PoolSettings.Of(new ConnectionPoolConfig { IdleTimeout = TimeSpan.Zero }).UpgradeIdleTimeout);
    }

    [Fact]
    public async Task WebSocket_ActiveLongerThanMaxConnectionDuration_StaysOpen()
    {
        await using var mesh = await SecureMesh.StartCallerAndCalleeAsync(ConnectionPoolTests.Rule("tcp: {maxConnectionDuration: 500ms}"));
        mesh[SecureMesh.Callee].App.Handler = Upstreams.WebSocketEcho(WebSocketClient.EchoPrefix);
        using var cancel = new CancellationTokenSource(Eventually.DefaultTimeout);

        using var socket = await WebSocketClient.ConnectAsync(mesh[SecureMesh.Caller].Sidecar.Outbound(), "/socket", cancel.Token);
        var answered = await socket.TalkAsync(TimeSpan.FromSeconds(1.5), TimeSpan.FromMilliseconds(100), cancel.Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancel.Token);

        Assert.True(answered >= 3, $"{answered} answers");
    }

    [Fact]
    public async Task EventStream_LongerThanMaxConnectionDuration_ArrivesWhole()
    {
        await using var mesh = await SecureMesh.StartCallerAndCalleeAsync(ConnectionPoolTests.Rule("tcp: {maxConnectionDuration: 500ms}"));
        mesh[SecureMesh.Callee].App.Handler = StreamingUpstreams.Events(8, TimeSpan.FromMilliseconds(200));
        var productpage = mesh[SecureMesh.Caller].Sidecar;

        var events = await StreamingResponseTests.ReadEventsAsync(productpage.Client, productpage.Outbound());

        Assert.Equal(8, events.Count);
    }

    [Fact]
    public async Task IdleTimeout_WebSocketThatTalks_StaysOpen_OneThatFallsSilent_IsClosed()
    {
        await using var mesh = await RoutingMesh.StartAsync(ConnectionPoolTests.Rule("http: {idleTimeout: 1s}"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.WebSocketEcho(WebSocketClient.EchoPrefix);
        using var cancel = new CancellationTokenSource(Eventually.DefaultTimeout);
        using var socket = await WebSocketClient.ConnectAsync(mesh.Sidecar.Outbound(), "/socket", cancel.Token);

        var answered = await socket.TalkAsync(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(200), cancel.Token);
        Assert.True(answered >= 3, $"{answered} answers");

        // Silent now: nothing is sent, and the next thing received is the end of the connection.
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ReceiveTextAsync(cancel.Token));
        await Eventually.WaitUntilAsync(() => Task.FromResult(mesh.Sidecar.Logs.Matching(" SI (").Count == 1), "the idle WebSocket is logged as SI");
    }

    [Fact]
    public async Task IdleTimeout_AnswerSlowerToStartThanIt_IsServed_AsUnderEnvoy()
    {
        // http.idleTimeout bounds a connection without requests (here: an upgraded one), not the wait for an answer.
        await using var mesh = await RoutingMesh.StartAsync(ConnectionPoolTests.Rule("http: {idleTimeout: 500ms}"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.Slow(TimeSpan.FromSeconds(2), "late");

        using var response = await mesh.GetAsync("/slow");

        Assert.Equal((HttpStatusCode.OK, "late"), (response.StatusCode, await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task IdleTimeout_EventStreamWithAPauseLongerThanIt_RunsOn_AsUnderEnvoy()
    {
        await using var mesh = await RoutingMesh.StartAsync(ConnectionPoolTests.Rule("http: {idleTimeout: 500ms}"), s_reviews);
        mesh["reviews-v1"].Handler = async (context, number) =>
        {
            await StreamingUpstreams.Events(2, TimeSpan.FromMilliseconds(100))(context, number);
            await Task.Delay(TimeSpan.FromSeconds(2), context.RequestAborted);
            await StreamingUpstreams.WriteEventAsync(context, "3");
            await StreamingUpstreams.WriteEventAsync(context, "4");
        };

        var read = new List<string>();
        await StreamingResponseTests.ReadEventsAsync(mesh.Sidecar.Client, mesh.Sidecar.Outbound(), read);

        Assert.Equal(4, read.Count);
    }
}

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

        Assert.Equal(envoys, PoolSettings.Of(null).StreamIdleTimeout);
        Assert.Equal(envoys, PoolSettings.Of(new ConnectionPoolConfig { MaxConnections = 4 }).StreamIdleTimeout);
        Assert.Equal(envoys, PeerConnections.Http1Request.ActivityTimeout);
        Assert.Equal(envoys, PeerConnections.Http2Request.ActivityTimeout);
        Assert.Equal(envoys, AppForwarder.AppRequest.ActivityTimeout);
        Assert.Equal(envoys, AppForwarder.Http2Request.ActivityTimeout);
    }

    [Fact]
    public void StreamIdleTimeout_WithHttpIdleTimeout_IsIt()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), PoolSettings.Of(new ConnectionPoolConfig { IdleTimeout = TimeSpan.FromSeconds(2) }).StreamIdleTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), PoolSettings.Of(new ConnectionPoolConfig { IdleTimeout = TimeSpan.Zero }).StreamIdleTimeout);
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
    public async Task IdleTimeout_AnswerSlowerToStartThanIt_Is504()
    {
        // Silence before the answer counts too, as under Envoy's stream idle timeout (which http.idleTimeout is not).
        await using var mesh = await RoutingMesh.StartAsync(ConnectionPoolTests.Rule("http: {idleTimeout: 500ms}"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.Slow(TimeSpan.FromSeconds(10), "late");

        using var response = await mesh.GetAsync("/slow");

        Assert.Equal((HttpStatusCode.GatewayTimeout, "UT"), (response.StatusCode, RoutingMesh.Flag(response)));
    }

    [Fact]
    public async Task IdleTimeout_EventStreamThatFallsSilent_IsCut()
    {
        await using var mesh = await RoutingMesh.StartAsync(ConnectionPoolTests.Rule("http: {idleTimeout: 1s}"), s_reviews);
        var silent = new TaskCompletionSource();
        mesh["reviews-v1"].Handler = async (context, number) =>
        {
            await StreamingUpstreams.Events(8, TimeSpan.FromMilliseconds(200))(context, number);
            // Then nothing, until the caller goes away.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => silent.TrySetResult(), TaskScheduler.Default);
        };

        var read = new List<string>();
        await Assert.ThrowsAnyAsync<IOException>(() => StreamingResponseTests.ReadEventsAsync(mesh.Sidecar.Client, mesh.Sidecar.Outbound(), read));

        Assert.Equal(8, read.Count);
        // The app's request ended too: the sidecar let go of the upstream stream as well.
        await silent.Task.WaitAsync(Eventually.DefaultTimeout);
    }
}

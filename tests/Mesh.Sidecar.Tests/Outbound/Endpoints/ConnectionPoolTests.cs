using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using Mesh.Sidecar.Outbound.Endpoints;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Outbound.Endpoints;

/// <summary>A DestinationRule's connection settings reach the connection pool: each one read is applied.</summary>
public sealed class ConnectionPoolTests
{
    private static readonly string[] s_reviews = ["reviews-v1"];

    [Fact]
    public void ApplyTo_EverySetting_SetsTheHandler()
    {
        var settings = PoolSettings.Of(new ConnectionPoolConfig
        {
            ConnectTimeout = TimeSpan.FromMilliseconds(250),
            MaxConnectionDuration = TimeSpan.FromHours(1200),
            IdleTimeout = TimeSpan.FromSeconds(30),
            MaxConnections = 3,
        });
        using var handler = new SocketsHttpHandler();

        settings.ApplyTo(handler);

        Assert.Equal(
            (TimeSpan.FromMilliseconds(250), RuntimeDuration.Max, TimeSpan.FromSeconds(30), 3),
            (handler.ConnectTimeout, handler.PooledConnectionLifetime, handler.PooledConnectionIdleTimeout, handler.MaxConnectionsPerServer));
    }

    [Fact]
    public void ApplyTo_ShorterThanTheMutualTlsLifetime_KeepsTheShorter()
    {
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = PeerConnections.MutualTlsConnectionLifetime };

        PoolSettings.Of(new ConnectionPoolConfig { MaxConnectionDuration = TimeSpan.FromHours(1) }).ApplyTo(handler);

        Assert.Equal(PeerConnections.MutualTlsConnectionLifetime, handler.PooledConnectionLifetime);
    }

    [Fact]
    public void Of_ZerosAndRequestLimitsOnly_AreTheDefaultPool()
    {
        Assert.True(PoolSettings.Of(new ConnectionPoolConfig { MaxConnections = 0, Http2MaxRequests = 5, MaxRetries = 1 }).IsDefault);
        Assert.True(PoolSettings.Of(null).IsDefault);
    }

    [Fact]
    public async Task IdleTimeout_ClosesAnIdleConnection()
    {
        var connections = new ConcurrentQueue<string>();
        await using var mesh = await RoutingMesh.StartAsync(Rule("http: {idleTimeout: 200ms}"), s_reviews);
        mesh["reviews-v1"].Handler = Recording(connections);

        await GetOkAsync(mesh);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await GetOkAsync(mesh);

        Assert.Equal(2, connections.Distinct().Count());
    }

    [Fact]
    public async Task MaxConnectionDuration_ReplacesABusyConnection()
    {
        var connections = new ConcurrentQueue<string>();
        await using var mesh = await RoutingMesh.StartAsync(Rule("tcp: {maxConnectionDuration: 300ms}"), s_reviews);
        mesh["reviews-v1"].Handler = Recording(connections);

        // Never idle for long, so only the connection's age can retire it.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            await GetOkAsync(mesh);
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        Assert.True(connections.Distinct().Count() >= 2, $"{connections.Distinct().Count()} connection(s)");
    }

    [Fact]
    public async Task ConnectTimeout_GivesUpOnAPeerThatNeverAccepts()
    {
        // A listener that never accepts, its backlog full: further connection attempts get no answer at all.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen(1);
        var address = new Uri($"http://{silent.LocalEndPoint}");
        var fillers = new List<Socket>();
        for (var i = 0; i < 4; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            fillers.Add(filler);
            _ = filler.ConnectAsync(silent.LocalEndPoint!);
        }

        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("productpage-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, outbound: [new("reviews", "reviews")]);
        controlPlane.PushSnapshot(MeshConfig.Snapshot("1", Rule("tcp: {connectTimeout: 200ms}"),
            MeshConfig.Workload("productpage-v1", sidecar.Inbound), [MeshConfig.Workload("reviews-v1", address)]));
        await sidecar.WaitForSnapshotAsync("1");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(8));

        var clock = Stopwatch.StartNew();
        using var response = await sidecar.Client.GetAsync(sidecar.Outbound(), deadline.Token);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "UF"), (response.StatusCode, RoutingMesh.Flag(response)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"answered after {clock.Elapsed}");
        fillers.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task MaxConnectionsZero_IsIstiosUnsetNotALimitOfNothing()
    {
        await using var mesh = await RoutingMesh.StartAsync(Rule("tcp: {maxConnections: 0}, http: {http2MaxRequests: 0}"), s_reviews);

        Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync());
    }

    /// <summary>A DestinationRule for reviews with the connection pool <paramref name="pool"/> (e.g. <c>tcp: {maxConnections: 1}</c>).</summary>
    internal static string Rule(string pool) => $$"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            connectionPool: {{{pool}}}
        """;

    private static Func<HttpContext, int, Task> Recording(ConcurrentQueue<string> connections) => (context, _) =>
    {
        connections.Enqueue(context.Connection.Id);
        return context.Response.WriteAsync("reviews-v1");
    };

    private static async Task GetOkAsync(RoutingMesh mesh)
    {
        using var response = await mesh.GetAsync("/reviews/1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

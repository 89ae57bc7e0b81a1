using System.Net.Sockets;
using Mesh.Sidecar.Inbound.Security;
using Mesh.Sidecar.Outbound.Endpoints;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Sidecar.Tests.Inbound.Security;

/// <summary>
/// Plain-text HTTP/2 with prior knowledge (h2c) between sidecars: the inbound listener takes it beside HTTP/1.1 and
/// TLS, under the same PeerAuthentication checks, and a caller's sidecar speaks it to plain-text peers.
/// </summary>
public sealed class CleartextHttp2Tests
{
    [Fact]
    public async Task Inbound_PriorKnowledgeHttp2_ServedBesideHttp1_RefusedUnderStrict()
    {
        await using var mesh = await SecureMesh.StartAsync();
        var reviews = await mesh.AddAsync(SecureMesh.Callee);
        await mesh.ApplyAsync("");
        using var h2c = PriorKnowledge.Http2Client();
        using var http1 = Loopback.CreateClient();

        using (var response = await h2c.GetAsync(new Uri(reviews.Sidecar.Inbound, "/h2c")))
        {
            Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (response.StatusCode, response.Version));
        }

        using (var response = await http1.GetAsync(new Uri(reviews.Sidecar.Inbound, "/http1")))
        {
            Assert.Equal((HttpStatusCode.OK, HttpVersion.Version11), (response.StatusCode, response.Version));
        }

        Assert.Equal(["/h2c", "/http1"], reviews.App.Received.Select(r => r.PathAndQuery));

        await mesh.ApplyAsync(PeerAuthenticationTests.MeshStrict);
        using var refused = PriorKnowledge.Http2Client();
        await Assert.ThrowsAsync<HttpRequestException>(() => refused.GetAsync(new Uri(reviews.Sidecar.Inbound, "/h2c-strict")));
        Assert.DoesNotContain(reviews.App.Received, r => r.PathAndQuery == "/h2c-strict");
    }

    [Fact]
    public async Task Http2OnlyEndpoint_ConnectedDirectly_IsClosedUnanswered()
    {
        await using var mesh = await SecureMesh.StartAsync();
        var reviews = await mesh.AddAsync(SecureMesh.Callee);
        await mesh.ApplyAsync("");
        var port = reviews.Sidecar.Services.GetRequiredService<CleartextHttp2>().Port;
        Assert.NotEqual(0, port);
        Assert.NotEqual(reviews.Sidecar.Inbound.Port, port);

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(ConnectionSniffer.Http2Preface.ToArray());
        var buffer = new byte[64];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        Assert.Equal(0, await stream.ReadAsync(buffer, timeout.Token));
        Assert.Empty(reviews.App.Received);
    }

    [Theory]
    [InlineData("HTTP/2", true, true, "2.0")]
    [InlineData("HTTP/2", false, true, "2.0")]
    [InlineData("HTTP/2", false, false, "1.1")]
    [InlineData("HTTP/1.1", true, true, "1.1")]
    [InlineData("HTTP/1.1", false, true, "1.1")]
    [InlineData("HTTP/1.1", false, false, "1.1")]
    public void RequestFor_KeepsTheCallersProtocol_Http2OnlyWherePeerTakesIt(string protocol, bool mutualTls, bool cleartextHttp2, string expected)
    {
        var config = PeerConnections.RequestFor(protocol, mutualTls, cleartextHttp2);

        Assert.Equal((Version.Parse(expected), HttpVersionPolicy.RequestVersionExact), (config.Version, config.VersionPolicy));
    }

    // The caller's HTTP/1.1 stays HTTP/1.1 even to a peer that takes h2c (Istio's default h2UpgradePolicy, DO_NOT_UPGRADE).
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Outbound_Http1Call_StaysHttp1_WhetherOrNotThePeerTakesHttp2(bool cleartextHttp2)
    {
        const string protocol = "HTTP/1.1";
        await using var mesh = await SecureMesh.StartAsync();
        await mesh.AddAsync(SecureMesh.Callee);
        var productpage = await mesh.AddAsync("productpage-v1", callsReviews: true);
        // reviews' endpoint is a plain-text server that speaks only the protocol expected: any other request to it fails.
        await using var peer = await RecordingPeer.StartAsync(HttpProtocols.Http1);
        await mesh.PushAsync(SecureMesh.MapEndpoints(mesh.Snapshot("", mutualTls: false),
            e => e.Workload == SecureMesh.Callee ? e with { Address = peer.Address, CleartextHttp2 = cleartextHttp2 } : e));

        using var response = await productpage.CallReviewsAsync("/reviews/plain");

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {MeshWorkload.Flag(response)}\n{mesh.Logs()}");
        Assert.Equal([$"{protocol} /reviews/plain"], peer.Received);
    }

    /// <summary>A plain-text server that speaks one protocol and records each request's protocol and path.</summary>
    private sealed class RecordingPeer(WebApplication app) : IAsyncDisposable
    {
        private readonly List<string> _received = [];

        public string Address => app.Urls.Single();

        public IReadOnlyList<string> Received
        {
            get
            {
                lock (_received)
                {
                    return [.. _received];
                }
            }
        }

        public static async Task<RecordingPeer> StartAsync(HttpProtocols protocols)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = protocols));
            var app = builder.Build();
            var peer = new RecordingPeer(app);
            app.Run(context =>
            {
                lock (peer._received)
                {
                    peer._received.Add($"{context.Request.Protocol} {context.Request.Path}");
                }

                return context.Response.WriteAsync("reviews-v1");
            });
            await app.StartAsync();
            return peer;
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}

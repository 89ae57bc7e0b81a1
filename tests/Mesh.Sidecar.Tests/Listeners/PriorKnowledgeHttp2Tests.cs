using System.Net.Sockets;
using Mesh.Sidecar.Inbound.Security;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Listeners;

/// <summary>
/// The plain-text listeners an app or a browser calls take HTTP/2 with prior knowledge (h2c: what a .NET gRPC channel
/// speaks to an <c>http://</c> address) beside HTTP/1.1 on the same port.
/// </summary>
public sealed class PriorKnowledgeHttp2Tests
{
    [Fact]
    public async Task Outbound_PriorKnowledgeHttp2AndHttp1_ShareTheListener()
    {
        await using var mesh = await RoutingMesh.StartAsync("", ["reviews-v1"]);
        using var h2c = PriorKnowledge.Http2Client();

        using var http2 = await h2c.GetAsync(new Uri(mesh.Sidecar.Outbound(), "/h2c"));
        using var http1 = await mesh.GetAsync("/http1");

        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20, "reviews-v1"), (http2.StatusCode, http2.Version, await http2.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version11), (http1.StatusCode, http1.Version));
        Assert.Equal(["/h2c", "/http1"], mesh["reviews-v1"].Received.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Gateway_PriorKnowledgeHttp2_IsRouted()
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - backendRefs:
              - name: infra-backend-v1
                port: 8080
            """), ["infra-backend-v1"]);
        using var h2c = PriorKnowledge.Http2Client();
        using var request = PriorKnowledge.Request(HttpMethod.Get, new Uri(mesh.Gateway.Inbound, "/h2c"));
        request.Headers.Host = "example.com";

        using var response = await h2c.SendAsync(request);

        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20, "infra-backend-v1"), (response.StatusCode, response.Version, await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Outbound_ConnectionSilentPastTheSniffTimeout_IsClosed()
    {
        var time = new ObservedTimeProvider();
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("productpage-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress,
            builder => builder.Services.AddSingleton<TimeProvider>(time), outbound: [new("reviews", "reviews")]);
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(IPAddress.Loopback, sidecar.Ports.Outbound(0));

        while (await time.NextTimerAsync() != InboundSecurity.SniffTimeout)
        {
            // Other timers (reports, probes) start too; the sniff's is the one that matters here.
        }

        var received = silent.ReceiveAsync(new byte[1], SocketFlags.None);
        time.Advance(InboundSecurity.SniffTimeout);

        Assert.Equal(0, await received.WaitAsync(Eventually.DefaultTimeout));
    }
}

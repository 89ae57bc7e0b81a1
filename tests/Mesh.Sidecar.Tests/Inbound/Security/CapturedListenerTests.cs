using System.Globalization;
using System.Net.Sockets;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Inbound.Security;

/// <summary>
/// The app's published port, held by its sidecar (inbound capture): a caller outside the mesh reaching the app's address
/// meets the inbound stack as a plain-text client of Istio does: forwarded with no identity, authorized, refused under STRICT.
/// </summary>
public sealed class CapturedListenerTests
{
    private const string AllowNothing = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: allow-nothing
          namespace: default
        spec: {}
        """;

    [Fact]
    public async Task PlainCaller_AtTheAppsPublishedPort_PassesTheInboundStack()
    {
        var published = FreePort();
        await using var mesh = await SecureMesh.StartAsync();
        var reviews = await mesh.AddAsync(SecureMesh.Callee, extraSettings: new Dictionary<string, string> { ["Listeners:Captured"] = published.ToString(CultureInfo.InvariantCulture) });
        await mesh.ApplyAsync("");
        Assert.Equal(published, reviews.Sidecar.Ports.Captured);
        using var client = Loopback.CreateClient();

        // Both loopback addresses, as the app bound 'localhost' before the sidecar took its port.
        var addresses = Socket.OSSupportsIPv6 ? new[] { "127.0.0.1", "[::1]" } : ["127.0.0.1"];
        foreach (var address in addresses)
        {
            using var response = await client.GetAsync(new Uri($"http://{address}:{published}/reviews/0"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // HTTP/2 with prior knowledge too (a gRPC client outside the mesh), told apart by its preface as on the peers' port.
        using var h2c = PriorKnowledge.Http2Client();
        using (var response = await h2c.GetAsync(new Uri($"http://127.0.0.1:{published}/reviews/0")))
        {
            Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (response.StatusCode, response.Version));
        }

        Assert.Equal(addresses.Length + 1, reviews.App.Received.Count(r => r.PathAndQuery == "/reviews/0"));
        Assert.All(reviews.App.Received, r => Assert.False(r.Headers.ContainsKey("x-forwarded-client-cert")));

        await mesh.ApplyAsync(AllowNothing);
        using (var denied = await client.GetAsync(new Uri($"http://127.0.0.1:{published}/denied")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Equal("RBAC: access denied", await denied.Content.ReadAsStringAsync());
        }

        await mesh.ApplyAsync(PeerAuthenticationTests.MeshStrict);
        using var fresh = Loopback.CreateClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync(new Uri($"http://127.0.0.1:{published}/strict")));
        Assert.DoesNotContain(reviews.App.Received, r => r.PathAndQuery is "/denied" or "/strict");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

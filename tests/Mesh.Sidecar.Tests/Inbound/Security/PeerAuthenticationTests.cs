using System.Net.Sockets;
using System.Text;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Inbound.Security;

/// <summary>
/// Istio's mutual TLS migration at reviews-v1's sidecar: a client outside the mesh (plain text) and productpage's
/// sidecar (mutual TLS) call it under no policy, PERMISSIVE, STRICT (mesh-wide and by workload selector) and DISABLE.
/// </summary>
public sealed class PeerAuthenticationTests
{
    private const string MeshPermissive = """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: default
          namespace: istio-system
        spec:
          mtls:
            mode: PERMISSIVE
        """;

    /// <summary>Mesh-wide STRICT, as istio-system/default.</summary>
    internal const string MeshStrict = """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: default
          namespace: istio-system
        spec:
          mtls:
            mode: STRICT
        """;

    private const string ReviewsStrict = """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: reviews
          namespace: default
        spec:
          selector:
            matchLabels:
              app: reviews
          mtls:
            mode: STRICT
        """;

    private const string ReviewsDisable = """
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: reviews
          namespace: default
        spec:
          selector:
            matchLabels:
              app: reviews
          mtls:
            mode: DISABLE
        """;

    [Fact]
    public async Task Migration_PlainClientServedUntilStrict_MeshedCallerServedThroughout()
    {
        await using var mesh = await StartAsync();
        var reviews = mesh[SecureMesh.Callee];
        var productpage = mesh["productpage-v1"];

        await mesh.ApplyAsync("");
        await AssertPlainServedAsync(reviews);
        await AssertMeshedServedAsync(mesh);

        await mesh.ApplyAsync(MeshPermissive);
        await AssertPlainServedAsync(reviews);
        await AssertMeshedServedAsync(mesh);

        await mesh.ApplyAsync(MeshStrict);
        await AssertPlainRefusedAsync(reviews, "PeerAuthentication is STRICT (PeerAuthentication istio-system/default)");
        await AssertMeshedServedAsync(mesh);
        Assert.Empty(productpage.Sidecar.Logs.Matching("Refused"));
    }

    [Fact]
    public async Task WorkloadStrict_SelectingReviews_RefusesPlainTextAndServesMutualTls()
    {
        await using var mesh = await StartAsync();
        var reviews = mesh[SecureMesh.Callee];

        await mesh.ApplyAsync(MeshPermissive + "\n---\n" + ReviewsStrict);

        await AssertPlainRefusedAsync(reviews, "PeerAuthentication is STRICT (PeerAuthentication default/reviews)");
        await AssertMeshedServedAsync(mesh);
    }

    [Fact]
    public async Task Strict_PlainConnectionOpenedBefore_NextRequestOnItIsRefused()
    {
        await using var mesh = await StartAsync();
        var reviews = mesh[SecureMesh.Callee];
        await mesh.ApplyAsync(MeshPermissive);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, reviews.Sidecar.Inbound.Port);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        // HEAD: a response without a body, so the next one starts right after its head.
        var request = Encoding.ASCII.GetBytes("HEAD /reviews/0 HTTP/1.1\r\nHost: reviews\r\n\r\n");
        await stream.WriteAsync(request);
        var first = await ReadResponseHeadAsync(stream);
        Assert.StartsWith("HTTP/1.1 200", first, StringComparison.Ordinal);

        await mesh.ApplyAsync(MeshStrict);
        await stream.WriteAsync(request);
        var second = await ReadResponseHeadAsync(stream);

        Assert.True(second.Length == 0, $"the second request on the old plain-text connection was answered: {second}");
        Assert.Single(reviews.App.Received);
    }

    [Fact]
    public async Task Disable_PlainClientServed_MutualTlsCallerRefused_PlainCallerServedWithoutXfcc()
    {
        await using var mesh = await StartAsync();
        var reviews = mesh[SecureMesh.Callee];
        var productpage = mesh["productpage-v1"];

        // First a caller that still believes reviews takes mutual TLS: reviews' sidecar must close its TLS connection.
        await mesh.ApplyAsync(ReviewsDisable, mutualTls: true);
        await AssertPlainServedAsync(reviews);
        using (var refused = await productpage.CallReviewsAsync())
        {
            Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable,
                $"{(int)refused.StatusCode} {MeshWorkload.Flag(refused)} {await refused.Content.ReadAsStringAsync()}\n{mesh.Logs()}");
            Assert.Equal("UF", MeshWorkload.Flag(refused));
        }

        Assert.DoesNotContain(reviews.App.Received, r => r.Headers.ContainsKey("x-forwarded-client-cert"));
        Assert.Contains(reviews.Sidecar.Logs.Lines, l => l.Message.StartsWith("Refused a TLS connection", StringComparison.Ordinal)
            && l.Message.Contains("PeerAuthentication is DISABLE (PeerAuthentication default/reviews)", StringComparison.Ordinal));
        var receivedBefore = reviews.App.Received.Count;

        // What the control plane sends for DISABLE: callers speak plain text to it.
        await mesh.ApplyAsync(ReviewsDisable, mutualTls: false);
        using var served = await productpage.CallReviewsAsync("/reviews/plain");

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("reviews-v1", await served.Content.ReadAsStringAsync());
        Assert.Equal(receivedBefore + 1, reviews.App.Received.Count);
        var received = Assert.Single(reviews.App.Received, r => r.PathAndQuery == "/reviews/plain");
        Assert.False(received.Headers.ContainsKey("x-forwarded-client-cert"), received.Headers.GetValueOrDefault("x-forwarded-client-cert"));
    }

    private static async Task<SecureMesh> StartAsync()
    {
        var mesh = await SecureMesh.StartAsync();
        await mesh.AddAsync(SecureMesh.Callee);
        await mesh.AddAsync("productpage-v1", callsReviews: true);
        return mesh;
    }

    // A client outside the mesh, on a new connection each time.
    private static async Task AssertPlainServedAsync(MeshWorkload reviews)
    {
        var path = $"/plain/{Guid.NewGuid():N}";
        using var client = Loopback.CreateClient();
        using var response = await client.GetAsync(new Uri(reviews.Sidecar.Inbound, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(reviews.App.Received, r => r.PathAndQuery == path);
        Assert.False(received.Headers.ContainsKey("x-forwarded-client-cert"));
    }

    private static async Task AssertPlainRefusedAsync(MeshWorkload reviews, string reason)
    {
        var path = $"/plain/{Guid.NewGuid():N}";
        using var client = Loopback.CreateClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(reviews.Sidecar.Inbound, path)));

        Assert.DoesNotContain(reviews.App.Received, r => r.PathAndQuery == path);
        await Eventually.WaitUntilAsync(
            () => reviews.Sidecar.Logs.Matching("Refused a plain-text connection").Any(l => l.Message.Contains(reason, StringComparison.Ordinal)),
            $"reviews' sidecar logs that it refused a plain-text connection: {reason}");
    }

    private static async Task AssertMeshedServedAsync(SecureMesh mesh)
    {
        var reviews = mesh[SecureMesh.Callee];
        var path = $"/meshed/{Guid.NewGuid():N}";
        using var response = await mesh["productpage-v1"].CallReviewsAsync(path);

        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"{(int)response.StatusCode} {MeshWorkload.Flag(response)} {await response.Content.ReadAsStringAsync()}\n{mesh.Logs()}");
        var received = Assert.Single(reviews.App.Received, r => r.PathAndQuery == path);
        Assert.EndsWith(";URI=spiffe://cluster.local/ns/default/sa/bookinfo-productpage", received.Headers["x-forwarded-client-cert"], StringComparison.Ordinal);
    }

    // The status line and headers of one HTTP/1.1 response; what came before the server closed the connection otherwise.
    private static async Task<string> ReadResponseHeadAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        var head = new StringBuilder();
        var buffer = new byte[1];
        try
        {
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(buffer, timeout.Token) == 0)
                {
                    return head.ToString();
                }

                head.Append((char)buffer[0]);
            }
        }
        catch (IOException)
        {
            // Reset by the server: as good as closed.
            return head.ToString();
        }

        return head.ToString();
    }
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Sidecar.Tests.Inbound.Security;

/// <summary>
/// What an attacker on the machine tries against mutual TLS between sidecars, and must not get: a certificate from
/// another CA, an expired certificate, a server impersonating reviews, a forged <c>x-forwarded-client-cert</c>, and
/// mutual TLS from a sidecar that has no certificate.
/// </summary>
public sealed class MutualTlsAttackTests
{
    private static readonly string s_productpage = TestCertificateAuthority.Spiffe("default", "bookinfo-productpage");
    private static readonly string s_reviews = TestCertificateAuthority.Spiffe("default", "bookinfo-reviews");

    [Fact]
    public async Task ClientCertificateFromMeshCa_IsAccepted()
    {
        // The control for the two refusals below: the same client with a certificate the mesh issued gets through.
        await using var mesh = await StartReviewsAsync();
        var reviews = mesh[SecureMesh.Callee];
        var now = DateTimeOffset.UtcNow;
        using var certificate = mesh.ControlPlane.Certificates.IssueWithKey(s_productpage, now.AddMinutes(-1), now.AddHours(1));
        using var client = CreateTlsClient(certificate);

        using var response = await client.GetAsync(new Uri($"https://127.0.0.1:{reviews.Sidecar.Inbound.Port}/attack"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(reviews.App.Received);
        Assert.Equal(
            $"By={s_reviews};Hash={certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant()};Subject=\"\";URI={s_productpage}",
            received.Headers["x-forwarded-client-cert"]);
        // A caller that is no sidecar sends no x-forwarded-proto: the inbound sidecar sets the connection's, as Envoy does.
        Assert.Equal("https", received.Headers["x-forwarded-proto"]);
    }

    [Fact]
    public async Task ClientCertificateFromAnotherCa_IsRefused()
    {
        await using var mesh = await StartReviewsAsync();
        using var otherCa = new TestCertificateAuthority("Other root");
        var now = DateTimeOffset.UtcNow;
        using var certificate = otherCa.IssueWithKey(s_productpage, now.AddMinutes(-1), now.AddHours(1));

        await AssertClientCertificateRefusedAsync(mesh[SecureMesh.Callee], certificate, "issuer 'CN=Other root'");
    }

    [Fact]
    public async Task ExpiredClientCertificateFromMeshCa_IsRefused()
    {
        await using var mesh = await StartReviewsAsync();
        var now = DateTimeOffset.UtcNow;
        using var certificate = mesh.ControlPlane.Certificates.IssueWithKey(s_productpage, now.AddHours(-2), now.AddHours(-1));

        // The mesh's own issuer: only its validity can make it untrusted (the reason's wording is the platform's).
        await AssertClientCertificateRefusedAsync(mesh[SecureMesh.Callee], certificate, "issuer 'CN=Test mesh root'");
    }

    [Fact]
    public async Task ServerWithWrongIdentity_IsRefused503UF()
    {
        await using var mesh = await SecureMesh.StartAsync();
        var productpage = await mesh.AddAsync("productpage-v1", callsReviews: true);
        var now = DateTimeOffset.UtcNow;
        using var evil = mesh.ControlPlane.Certificates.IssueWithKey("spiffe://cluster.local/ns/default/sa/evil", now.AddMinutes(-1), now.AddHours(1));
        await using var impostor = await Impostor.StartAsync(evil);
        var endpoint = Snapshots.Endpoint("reviews-v1", impostor.Address, serviceAccount: "bookinfo-reviews") with { MutualTls = true };
        await mesh.PushAsync(Snapshots.Create("0", Snapshots.Service("reviews", endpoint)));

        using var response = await productpage.CallReviewsAsync();

        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable,
            $"{(int)response.StatusCode} {MeshWorkload.Flag(response)} {await response.Content.ReadAsStringAsync()}\n{mesh.Logs()}");
        Assert.True(MeshWorkload.Flag(response) == "UF", $"flag {MeshWorkload.Flag(response)}\n{mesh.Logs()}");
        Assert.Equal(0, impostor.Requests);
        var refused = Assert.Single(productpage.Sidecar.Logs.Matching("Refused the server").Select(l => l.Message).Distinct());
        Assert.Equal(
            $"Refused the server at 127.0.0.1:{impostor.Address.Port}: it is 'spiffe://cluster.local/ns/default/sa/evil', not one of the destination's identities ({s_reviews})",
            refused);
    }

    [Fact]
    public async Task ForgedXfccFromPlainClient_IsDropped()
    {
        await using var mesh = await StartReviewsAsync();
        var reviews = mesh[SecureMesh.Callee];
        using var client = Loopback.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(reviews.Sidecar.Inbound, "/forged"));
        request.Headers.TryAddWithoutValidation("x-forwarded-client-cert", $"By={s_reviews};URI=spiffe://cluster.local/ns/default/sa/admin");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(reviews.App.Received);
        Assert.False(received.Headers.ContainsKey("x-forwarded-client-cert"), received.Headers.GetValueOrDefault("x-forwarded-client-cert"));
    }

    [Fact]
    public async Task ForgedXfccFromMeshedApp_IsReplacedByTheRealCaller()
    {
        await using var mesh = await StartReviewsAsync(withProductpage: true);
        var reviews = mesh[SecureMesh.Callee];
        var productpage = mesh["productpage-v1"];

        using var response = await productpage.CallReviewsAsync("/forged",
            ("x-forwarded-client-cert", $"By={s_reviews};Hash=00;Subject=\"\";URI=spiffe://cluster.local/ns/default/sa/admin"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(reviews.App.Received);
        var hash = productpage.Identity.Current!.Certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant();
        // One header with one element: the app's own value is gone, not merely followed by the real one.
        Assert.Equal($"By={s_reviews};Hash={hash};Subject=\"\";URI={s_productpage}", received.Headers["x-forwarded-client-cert"]);
    }

    [Fact]
    public async Task CallerWithoutIdentity_ToMutualTlsEndpoint_Gets503UF()
    {
        await using var mesh = await SecureMesh.StartAsync();
        var reviews = await mesh.AddAsync(SecureMesh.Callee);
        var productpage = await mesh.AddAsync("productpage-v1", identity: false, callsReviews: true);
        await mesh.ApplyAsync("");
        Assert.Null(productpage.Identity.Current);

        using var response = await productpage.CallReviewsAsync();

        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable,
            $"{(int)response.StatusCode} {MeshWorkload.Flag(response)} {await response.Content.ReadAsStringAsync()}\n{mesh.Logs()}");
        Assert.True(MeshWorkload.Flag(response) == "UF", $"flag {MeshWorkload.Flag(response)}\n{mesh.Logs()}");
        Assert.Empty(reviews.App.Received);
    }

    private static async Task<SecureMesh> StartReviewsAsync(bool withProductpage = false)
    {
        var mesh = await SecureMesh.StartAsync();
        await mesh.AddAsync(SecureMesh.Callee);
        if (withProductpage)
        {
            await mesh.AddAsync("productpage-v1", callsReviews: true);
        }

        await mesh.ApplyAsync("");
        return mesh;
    }

    private static async Task AssertClientCertificateRefusedAsync(MeshWorkload reviews, X509Certificate2 certificate, string issuer)
    {
        using var client = CreateTlsClient(certificate);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri($"https://127.0.0.1:{reviews.Sidecar.Inbound.Port}/attack")));

        Assert.Empty(reviews.App.Received);
        await Eventually.WaitUntilAsync(
            () => reviews.Sidecar.Logs.Matching("Refused the client certificate").Any(l =>
                l.Message.Contains(issuer, StringComparison.Ordinal) && l.Message.Contains("not trusted", StringComparison.Ordinal)),
            $"reviews' sidecar logs that the client certificate ({issuer}) is not trusted");
    }

    // An attacker's client: presents the given certificate whatever the server asks for, and takes any server that
    // presents a certificate (it is after the app behind the sidecar, not the sidecar's identity).
    private static HttpClient CreateTlsClient(X509Certificate2 certificate) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        SslOptions = new SslClientAuthenticationOptions
        {
            LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
            RemoteCertificateValidationCallback = (_, server, _, _) => server is not null,
        },
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>An HTTPS server (HTTP/2 by ALPN, as a sidecar's inbound) with a certificate of the test's choosing.</summary>
    private sealed class Impostor : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private Impostor(WebApplication app) => _app = app;

        /// <summary>Where the mesh would list it: an <c>http://</c> endpoint address, as sidecars' are.</summary>
        public Uri Address { get; private set; } = null!;

        public int Requests => Volatile.Read(ref _requests);

        public static async Task<Impostor> StartAsync(X509Certificate2 certificate)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            }));
            var app = builder.Build();
            var impostor = new Impostor(app);
            app.Run(context =>
            {
                Interlocked.Increment(ref impostor._requests);
                return context.Response.WriteAsync("impostor");
            });
            await app.StartAsync();
            impostor.Address = new Uri($"http://127.0.0.1:{new Uri(app.Urls.First()).Port}");
            return impostor;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Mesh.ControlPlane.Tests.Certificates;
using Mesh.Model.Conventions;
using Mesh.Model.Protocol;
using Microsoft.Extensions.Logging;

namespace Mesh.ControlPlane.Tests.Api;

/// <summary>The signing endpoint on the real control plane, with two workloads declared as Mesh.Hosting declares them.</summary>
public sealed class CertificateApiTests : IAsyncLifetime
{
    private const string ReviewsToken = "reviews-v2-token-5f0c1d2e3a4b";
    private const string RatingsToken = "ratings-token-9a8b7c6d5e4f3a";

    private readonly ECDsa _sidecarKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private CertificateApiHost _host = null!;

    public async Task InitializeAsync() => _host = await CertificateApiHost.StartAsync(
        "--Mesh:ControlPlane:Workloads:0:Name=reviews-v2",
        "--Mesh:ControlPlane:Workloads:0:Service=reviews",
        "--Mesh:ControlPlane:Workloads:0:Version=v2",
        "--Mesh:ControlPlane:Workloads:0:ServiceAccount=bookinfo-reviews",
        "--Mesh:ControlPlane:Workloads:0:Token=" + ReviewsToken,
        "--Mesh:ControlPlane:Workloads:1:Name=ratings",
        "--Mesh:ControlPlane:Workloads:1:Service=ratings",
        "--Mesh:ControlPlane:Workloads:1:ServiceAccount=bookinfo-ratings",
        "--Mesh:ControlPlane:Workloads:1:Namespace=shop",
        "--Mesh:ControlPlane:Workloads:1:Token=" + RatingsToken);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _sidecarKey.Dispose();
    }

    [Fact]
    public async Task Sign_OwnToken_IssuesCertificateForDeclaredIdentity()
    {
        using var response = await SignAsync(ReviewsToken, "reviews-v2", TestCertificates.CreateCsr(_sidecarKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync(MeshJsonContext.Default.CertificateSigningResponse))!;
        using var leaf = TestCertificates.Leaf(body.CertificateChain);
        Assert.Equal(["spiffe://cluster.local/ns/default/sa/bookinfo-reviews"], TestCertificates.SanUris(leaf));
        var (valid, status) = TestCertificates.ChainsTo(leaf, body.Root, DateTimeOffset.UtcNow);
        Assert.True(valid, status);
        Assert.Equal(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1), body.NotAfter - body.NotBefore);
        Assert.Equal(leaf.NotAfter.ToUniversalTime(), body.NotAfter.UtcDateTime);
    }

    [Fact]
    public async Task Sign_NamespaceDeclared_IsInTheSpiffeId()
    {
        using var response = await SignAsync(RatingsToken, "ratings", TestCertificates.CreateCsr(_sidecarKey));

        var body = (await response.Content.ReadFromJsonAsync(MeshJsonContext.Default.CertificateSigningResponse))!;
        using var leaf = TestCertificates.Leaf(body.CertificateChain);
        Assert.Equal(["spiffe://cluster.local/ns/shop/sa/bookinfo-ratings"], TestCertificates.SanUris(leaf));
    }

    [Fact]
    public async Task Sign_NoToken_Returns401()
    {
        using var response = await SignAsync(token: null, "reviews-v2", TestCertificates.CreateCsr(_sidecarKey));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("Bearer not-a-token-of-this-mesh")]
    [InlineData("Basic " + ReviewsToken)]
    [InlineData("Bearer ")]
    public async Task Sign_UnknownOrMalformedToken_Returns401(string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ControlPlaneRoutes.Certificates)
        {
            Content = JsonContent.Create(new CertificateSigningRequest { Workload = "reviews-v2", Csr = TestCertificates.CreateCsr(_sidecarKey) }, MeshJsonContext.Default.CertificateSigningRequest),
        };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Sign_AnotherWorkloadsToken_Returns403AndLogsWarning()
    {
        using var response = await SignAsync(RatingsToken, "reviews-v2", TestCertificates.CreateCsr(_sidecarKey));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var warning = Assert.Single(_host.Logs.Lines, e => e.Level == LogLevel.Warning && e.Message.Contains("asked for a certificate", StringComparison.Ordinal));
        Assert.Contains("Workload ratings asked for a certificate for workload reviews-v2 (spiffe://cluster.local/ns/default/sa/bookinfo-reviews)", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(RatingsToken, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_CsrClaimingAnotherIdentity_GetsTheTokensIdentity()
    {
        var csr = TestCertificates.CreateCsr(_sidecarKey, "CN=reviews-v2", "spiffe://cluster.local/ns/default/sa/bookinfo-reviews");

        using var response = await SignAsync(RatingsToken, "ratings", csr);

        var body = (await response.Content.ReadFromJsonAsync(MeshJsonContext.Default.CertificateSigningResponse))!;
        using var leaf = TestCertificates.Leaf(body.CertificateChain);
        Assert.Equal(["spiffe://cluster.local/ns/shop/sa/bookinfo-ratings"], TestCertificates.SanUris(leaf));
        Assert.Equal("CN=ratings", leaf.Subject);
    }

    [Fact]
    public async Task Sign_TamperedCsr_Returns400WithReason()
    {
        using var response = await SignAsync(ReviewsToken, "reviews-v2", TestCertificates.CreateTamperedCsr(_sidecarKey));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("signature", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_RsaCsr_Returns400WithReason()
    {
        using var rsa = RSA.Create(2048);

        using var response = await SignAsync(ReviewsToken, "reviews-v2", TestCertificates.CreateRsaCsr(rsa));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ECDSA P-256", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_BodyNotJson_Returns400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ControlPlaneRoutes.Certificates) { Content = new StringContent("{", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WorkloadToken.Credential(ReviewsToken));

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GetRoot_NoToken_AnswersTheRootPem()
    {
        using var response = await _host.Client.GetAsync(ControlPlaneRoutes.CertificateRoot);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ControlPlaneRoutes.PemMediaType, response.Content.Headers.ContentType?.MediaType);
        var pem = await response.Content.ReadAsStringAsync();
        Assert.Equal(File.ReadAllText(Path.Combine(_host.StateDirectory, "root-cert.pem")).Trim(), pem.Trim());
    }

    private async Task<HttpResponseMessage> SignAsync(string? token, string workload, string csr)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ControlPlaneRoutes.Certificates)
        {
            Content = JsonContent.Create(new CertificateSigningRequest { Workload = workload, Csr = csr }, MeshJsonContext.Default.CertificateSigningRequest),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WorkloadToken.Credential(token));
        }

        return await _host.Client.SendAsync(request);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Sidecar.Identity;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Identity;

/// <summary>
/// A peer's certificate may point anywhere in its Authority Information Access extension; the sidecar never fetches
/// from it when it builds the chain (Envoy does not either), so a caller cannot make it send requests.
/// </summary>
public sealed class CertificateDownloadTests
{
    [Fact]
    public async Task Validate_CertificateWhoseIssuerIsOnlyReachableByItsAiaUrl_FetchesNothingAndIsRefused()
    {
        await using var issuerServer = await FakeApp.StartAsync("issuer");
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        using var root = Authority("CN=root", rootKey, parent: null, parentKey: null, now);
        using var intermediate = Authority("CN=intermediate", intermediateKey, root, rootKey, now);

        var leafRequest = new CertificateRequest("CN=peer", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri("spiffe://cluster.local/ns/default/sa/peer"));
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(null, [new Uri(issuerServer.BaseAddress, "/intermediate.cer").ToString()]));
        using var leaf = leafRequest.Create(intermediate, now.AddMinutes(-1), now.AddHours(1), [1, 2, 3, 4]);

        var result = PeerCertificateValidator.Validate(leaf, root, now.UtcDateTime);

        Assert.Null(result.Identity);
        Assert.Empty(issuerServer.Received);
    }

    [Fact]
    public void ChainPolicy_UsedByBothHandshakes_TrustsOnlyTheRootAndDownloadsNothing()
    {
        using var authority = new TestCertificateAuthority();

        var policy = PeerCertificateValidator.ChainPolicy([authority.Root]);

        Assert.Equal((X509ChainTrustMode.CustomRootTrust, true, X509RevocationMode.NoCheck), (policy.TrustMode, policy.DisableCertificateDownloads, policy.RevocationMode));
        Assert.Equal(authority.Root.Thumbprint, Assert.Single(policy.CustomTrustStore).Thumbprint);
    }

    private static X509Certificate2 Authority(string name, ECDsa key, X509Certificate2? parent, ECDsa? parentKey, DateTimeOffset now)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (parent is null)
        {
            return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        }

        using var issued = request.Create(parent, now.AddDays(-1), now.AddDays(1), [9, 8, 7, 6]);
        return issued.CopyWithPrivateKey(key);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Testing;

/// <summary>
/// A certificate authority for tests, shaped like the mesh's (ECDSA P-256 root, SPIFFE URI SANs, server and client
/// auth), that also makes what the mesh's never would: certificates from another root, expired ones, any identity.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key;

    public TestCertificateAuthority(string name = "Test mesh root")
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        Root = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        RootPem = Root.ExportCertificatePem();
    }

    /// <summary>The root (with its key).</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The root in PEM.</summary>
    public string RootPem { get; }

    /// <summary>The SPIFFE URI of a workload identity.</summary>
    public static string Spiffe(string ns, string serviceAccount) => $"spiffe://cluster.local/ns/{ns}/sa/{serviceAccount}";

    /// <summary>
    /// Signs a PKCS#10 request for <paramref name="spiffeUri"/>, valid from a minute ago for <paramref name="lifetime"/>, with
    /// common name <paramref name="workload"/> as the mesh's CA writes it; PEM.
    /// </summary>
    public string SignRequest(string csrPem, string spiffeUri, TimeSpan lifetime, string workload = "workload")
    {
        var request = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        using var certificate = Sign(request.PublicKey, spiffeUri, now.AddMinutes(-1), now + lifetime, workload);
        return certificate.ExportCertificatePem();
    }

    /// <summary>A certificate with its own new key for <paramref name="spiffeUri"/>, valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    public X509Certificate2 IssueWithKey(string spiffeUri, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = Sign(new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256).PublicKey, spiffeUri, notBefore, notAfter, "workload");
        using var withKey = certificate.CopyWithPrivateKey(key);
        // A round trip through PKCS#12 gives a certificate whose key outlives the ECDsa object disposed here.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Root.Dispose();
        _key.Dispose();
    }

    private X509Certificate2 Sign(PublicKey publicKey, string spiffeUri, DateTimeOffset notBefore, DateTimeOffset notAfter, string commonName)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        var request = new CertificateRequest(subject.Build(), publicKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(new Uri(spiffeUri));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return request.Create(Root.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), notBefore, notAfter, serial);
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.ControlPlane.Certificates;

/// <summary>The mesh's root: a self-signed ECDSA P-256 CA certificate and its private key.</summary>
internal sealed class RootCertificate : IDisposable
{
    public const string CommonName = "Mesh root CA";

    /// <summary>Ten years, Istio's self-signed root TTL: longer than any AppHost is kept.</summary>
    public const int ValidityYears = 10;

    private readonly ECDsa _key;

    private RootCertificate(X509Certificate2 certificate, ECDsa key, string certificatePem)
    {
        Certificate = certificate;
        _key = key;
        CertificatePem = certificatePem;
        SignatureGenerator = X509SignatureGenerator.CreateForECDsa(key);
        AuthorityKeyIdentifier = X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
            certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false);
    }

    /// <summary>The root certificate (public part only; signing goes through <see cref="SignatureGenerator"/>).</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    public X509SignatureGenerator SignatureGenerator { get; }

    /// <summary>The extension every issued certificate carries to name this root's key.</summary>
    public X509AuthorityKeyIdentifierExtension AuthorityKeyIdentifier { get; }

    public DateTimeOffset NotAfter => new(Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>SHA-256 fingerprint in hexadecimal, to tell roots apart in logs.</summary>
    public string Fingerprint => Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>Makes a new root; answers the PEM of its certificate and of its PKCS#8 private key.</summary>
    public static (string CertificatePem, string KeyPem) Generate(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(CommonName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        var start = MeshCertificateAuthority.WholeSeconds(now) - MeshCertificateAuthority.ClockSkew;
        using var certificate = request.CreateSelfSigned(start, start.AddYears(ValidityYears));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// Reads a root from PEM; refuses, naming the source, anything that is not a usable CA certificate with its
    /// own PKCS#8 ECDSA key.
    /// </summary>
    public static RootCertificate Parse(string certificatePem, string keyPem, string certificateSource, string keySource, DateTimeOffset now)
    {
        var certificate = ReadCertificate(certificatePem, certificateSource);
        ECDsa? key = null;
        try
        {
            key = ReadKey(keyPem, keySource);
            using (var certificateKey = certificate.GetECDsaPublicKey())
            {
                if (certificateKey is null)
                {
                    throw Invalid(certificateSource, "its key is not an ECDSA key");
                }

                if (!certificateKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
                {
                    throw Invalid(keySource, $"it is not the private key of the root certificate in {certificateSource}");
                }
            }

            if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
            {
                throw Invalid(certificateSource, "it is not a certificate authority (basic constraints CA:TRUE)");
            }

            if (certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime)
            {
                throw Invalid(certificateSource, string.Create(
                    CultureInfo.InvariantCulture, $"the root expired on {certificate.NotAfter.ToUniversalTime():u}"));
            }

            return new RootCertificate(certificate, key, certificate.ExportCertificatePem());
        }
        catch
        {
            key?.Dispose();
            certificate.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }

    private static X509Certificate2 ReadCertificate(string pem, string source)
    {
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw Invalid(source, "it is not a PEM certificate: " + ex.Message.TrimEnd('.'), ex);
        }
    }

    private static ECDsa ReadKey(string pem, string source)
    {
        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] is not "PRIVATE KEY")
        {
            throw Invalid(source, "it holds no PKCS#8 private key (-----BEGIN PRIVATE KEY-----)");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportPkcs8PrivateKey(Convert.FromBase64String(pem[fields.Base64Data]), out _);
            return key;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            key.Dispose();
            throw Invalid(source, "it is not a PKCS#8 ECDSA private key: " + ex.Message.TrimEnd('.'), ex);
        }
    }

    private static InvalidDataException Invalid(string source, string reason, Exception? inner = null) =>
        new($"{source}: cannot use the mesh's root certificate authority: {reason}. {RootCertificateStore.Recovery}", inner);
}

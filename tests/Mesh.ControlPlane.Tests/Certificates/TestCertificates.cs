using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Mesh.ControlPlane.Tests.Certificates;

/// <summary>Signing requests as a sidecar makes them, and readers for what the tests check in certificates.</summary>
internal static class TestCertificates
{
    /// <summary>A P-256 signing request whose subject and URI SAN claim another identity (which must be ignored).</summary>
    public static string CreateCsr(ECDsa key, string subject = "CN=claimed", string? uri = "spiffe://cluster.local/ns/default/sa/claimed")
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        AddUri(request, uri);
        return request.CreateSigningRequestPem();
    }

    public static string CreateRsaCsr(RSA key)
    {
        var request = new CertificateRequest("CN=rsa", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSigningRequestPem();
    }

    /// <summary>A request whose subject was changed after signing: its signature no longer verifies.</summary>
    public static string CreateTamperedCsr(ECDsa key)
    {
        var der = PemToDer(CreateCsr(key, subject: "CN=aaaaaaaa"));
        var index = der.AsSpan().IndexOf("aaaaaaaa"u8);
        Encoding.ASCII.GetBytes("bbbbbbbb").CopyTo(der, index);
        return PemEncoding.WriteString("CERTIFICATE REQUEST", der);
    }

    public static X509Certificate2 Leaf(string chainPem) => X509Certificate2.CreateFromPem(chainPem);

    /// <summary>Every URI in the certificate's subject alternative names (.NET has no reader for them).</summary>
    public static IReadOnlyList<string> SanUris(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        var uris = new List<string>();
        var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
        var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
        while (names.HasData)
        {
            if (names.PeekTag() == uriTag)
            {
                uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
            }
            else
            {
                names.ReadEncodedValue();
            }
        }

        return uris;
    }

    /// <summary>Builds the chain against the mesh root only, as a peer sidecar will.</summary>
    public static (bool Valid, string Status) ChainsTo(X509Certificate2 leaf, string rootPem, DateTimeOffset at)
    {
        using var root = X509Certificate2.CreateFromPem(rootPem);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        var valid = chain.Build(leaf);
        var status = string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation}"));
        return (valid && chain.ChainElements.Count == 2 && chain.ChainElements[1].Certificate.Thumbprint == root.Thumbprint, status);
    }

    private static void AddUri(CertificateRequest request, string? uri)
    {
        if (uri is null)
        {
            return;
        }

        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(new Uri(uri));
        request.CertificateExtensions.Add(names.Build());
    }

    private static byte[] PemToDer(string pem)
    {
        var fields = PemEncoding.Find(pem);
        return Convert.FromBase64String(pem[fields.Base64Data]);
    }
}

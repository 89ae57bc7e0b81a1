using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.ControlPlane.Certificates;

/// <summary>
/// Reads a sidecar's PKCS#10 signing request and keeps only its public key: the request's signature proves the
/// sidecar holds the private key; its subject and extensions are ignored, since the identity comes from the
/// bootstrap credential.
/// </summary>
internal static class SigningRequestReader
{
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string NistP256Oid = "1.2.840.10045.3.1.7";

    public static PublicKey ReadPublicKey(string csrPem)
    {
        if (string.IsNullOrWhiteSpace(csrPem))
        {
            throw new InvalidSigningRequestException(
                "The signing request is empty; send a PKCS#10 request in PEM (-----BEGIN CERTIFICATE REQUEST-----).");
        }

        CertificateRequest request;
        try
        {
            // Default options verify the request's self-signature.
            request = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidSigningRequestException(
                $"The signing request is not one PKCS#10 request in PEM whose signature verifies: {ex.Message}", ex);
        }

        var key = request.PublicKey;
        if (key.Oid.Value != EcPublicKeyOid || !IsNistP256(key))
        {
            throw new InvalidSigningRequestException(
                $"The signing request's key is {Describe(key)}; the mesh signs ECDSA P-256 keys only.");
        }

        return key;
    }

    private static bool IsNistP256(PublicKey key)
    {
        if (key.EncodedParameters?.RawData is not { } parameters)
        {
            return false;
        }

        try
        {
            return AsnDecoder.ReadObjectIdentifier(parameters, AsnEncodingRules.DER, out var consumed) == NistP256Oid
                && consumed == parameters.Length;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static string Describe(PublicKey key) => key.Oid.Value switch
    {
        EcPublicKeyOid => "an elliptic-curve key on another curve than P-256",
        _ => $"{key.Oid.FriendlyName ?? key.Oid.Value} ({key.Oid.Value})",
    };
}

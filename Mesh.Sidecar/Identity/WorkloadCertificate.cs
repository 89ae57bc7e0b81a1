using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;

namespace Mesh.Sidecar.Identity;

/// <summary>
/// A workload certificate with its private key and the mesh root it chains to, with the TLS contexts built once
/// (building them per connection would redo the chain work on every handshake).
/// </summary>
internal sealed class WorkloadCertificate
{
    private WorkloadCertificate(X509Certificate2 certificate, X509Certificate2 root, SpiffeIdentity identity, DateTimeOffset receivedAt)
    {
        Certificate = certificate;
        Root = root;
        Identity = identity;
        ReceivedAt = receivedAt;
        Context = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
    }

    /// <summary>The certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The mesh root: the only trust anchor for peers' certificates.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The identity the certificate carries.</summary>
    public SpiffeIdentity Identity { get; }

    /// <summary>What the sidecar presents, as server and as client.</summary>
    public SslStreamCertificateContext Context { get; }

    /// <summary>When the sidecar got it; renewal is due halfway from here to <see cref="NotAfter"/>.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>End of validity.</summary>
    public DateTimeOffset NotAfter => Certificate.NotAfter.ToUniversalTime();

    /// <summary>Istio's rotation point: half the remaining lifetime, so a failed renewal has the other half to retry.</summary>
    public DateTimeOffset RenewAt => ReceivedAt + ((NotAfter - ReceivedAt) / 2);

    /// <summary>SHA-256 of the certificate, for logs.</summary>
    public string Fingerprint => Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>
    /// Pairs the CA's answer with the key the request was made for, and checks that the CA gave what was asked:
    /// a certificate for <paramref name="expected"/>, for this key, chaining to the root it sent.
    /// </summary>
    /// <exception cref="InvalidDataException">The answer is not a certificate for this workload and key.</exception>
    public static WorkloadCertificate Create(ECDsa key, string certificateChainPem, string rootPem, SpiffeIdentity expected, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        X509Certificate2 issued;
        X509Certificate2 root;
        try
        {
            issued = X509Certificate2.CreateFromPem(certificateChainPem);
            root = X509Certificate2.CreateFromPem(rootPem);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"The control plane's certificate answer is not PEM certificates: {ex.Message}", ex);
        }

        var identity = SpiffeIdentity.Of(issued);
        if (identity != expected)
        {
            throw new InvalidDataException($"The control plane issued a certificate for '{identity?.Uri ?? "no SPIFFE identity"}', not for '{expected.Uri}'.");
        }

        if (PeerCertificateValidator.Validate(issued, root, now.UtcDateTime) is { Error: { } error })
        {
            throw new InvalidDataException($"The certificate the control plane issued does not chain to its root: {error}");
        }

        X509Certificate2 withKey;
        try
        {
            withKey = issued.CopyWithPrivateKey(key);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"The certificate the control plane issued is not for this sidecar's key: {ex.Message}", ex);
        }

        issued.Dispose();
        return new WorkloadCertificate(withKey, root, identity, now);
    }
}

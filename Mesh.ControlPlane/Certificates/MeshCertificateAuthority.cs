using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Certificates;

/// <summary>
/// The mesh's certificate authority, as istiod's: a self-signed root kept in the state folder, signing
/// short-lived workload certificates from sidecars' signing requests, so private keys never leave the sidecars.
/// </summary>
internal sealed partial class MeshCertificateAuthority : IDisposable
{
    /// <summary>Istio's default workload certificate TTL.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(24);

    /// <summary>The shortest lifetime allowed: short enough for tests to watch renewal, longer than the back-dating.</summary>
    public static readonly TimeSpan MinimumLifetime = TimeSpan.FromMinutes(1);

    /// <summary>How far certificates are back-dated, so a peer whose clock is a little behind accepts them at once.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private readonly RootCertificate _root;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _defaultLifetime;
    private readonly ILogger _logger;

    // The key object is not documented as safe for concurrent use; issuance is rare (one per sidecar per half-life).
    private readonly Lock _signing = new();

    /// <summary>Loads the root from the state folder, or makes one there on first start.</summary>
    /// <exception cref="InvalidDataException">The kept root is incomplete, unreadable or corrupt; the message names the file.</exception>
    public MeshCertificateAuthority(IOptions<CertificateOptions> options, TimeProvider timeProvider, ILogger<MeshCertificateAuthority> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _defaultLifetime = options.Value.CertificateLifetime;
        _logger = logger;

        var directory = options.Value.StateDirectory;
        var now = timeProvider.GetUtcNow();
        if (string.IsNullOrWhiteSpace(directory))
        {
            var (certificatePem, keyPem) = RootCertificate.Generate(now);
            _root = RootCertificate.Parse(certificatePem, keyPem, "(generated root certificate)", "(generated root key)", now);
            Log.InMemory(logger, _root.Fingerprint);
        }
        else if (RootCertificateStore.TryLoad(directory, now) is { } kept)
        {
            _root = kept;
            Log.Loaded(logger, _root.Fingerprint, directory, _root.NotAfter);
        }
        else
        {
            _root = RootCertificateStore.Create(directory, now);
            Log.Created(logger, _root.Fingerprint, directory);
        }
    }

    /// <summary>The root certificate in PEM: the trust bundle.</summary>
    public string RootCertificatePem => _root.CertificatePem;

    /// <summary>
    /// Signs a workload certificate for <paramref name="identity"/> over the key of <paramref name="csrPem"/>.
    /// The request's subject and extensions are ignored: the certificate says only what the identity says.
    /// </summary>
    /// <param name="csrPem">A PKCS#10 request in PEM for an ECDSA P-256 key, signed by that key.</param>
    /// <param name="identity">The identity to certify, from the caller's bootstrap credential, never from the request.</param>
    /// <param name="lifetime">Validity from now; the configured lifetime when null. Never past the root's own end.</param>
    /// <exception cref="InvalidSigningRequestException">The request does not verify or its key is not ECDSA P-256.</exception>
    public IssuedCertificate Issue(string csrPem, WorkloadIdentity identity, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(csrPem);
        ArgumentNullException.ThrowIfNull(identity);
        if (!identity.Spiffe.IsValid)
        {
            throw new ArgumentException($"'{identity.SpiffeId}' is not a valid SPIFFE ID.", nameof(identity));
        }

        var validity = lifetime ?? _defaultLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThan(validity, MinimumLifetime, nameof(lifetime));

        var publicKey = SigningRequestReader.ReadPublicKey(csrPem);
        var request = CreateRequest(publicKey, identity);

        var now = WholeSeconds(_timeProvider.GetUtcNow());
        var notBefore = now - ClockSkew;
        var notAfter = now + validity;
        if (notAfter > _root.NotAfter)
        {
            notAfter = _root.NotAfter;
        }

        Span<byte> serial = stackalloc byte[16];
        RandomNumberGenerator.Fill(serial);
        // Positive (RFC 5280 §4.1.2.2) and without a leading zero byte, so it stays 16 bytes in DER.
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);

        X509Certificate2 certificate;
        lock (_signing)
        {
            certificate = request.Create(_root.Certificate.SubjectName, _root.SignatureGenerator, notBefore, notAfter, serial);
        }

        using (certificate)
        {
            var issued = new IssuedCertificate(certificate.ExportCertificatePem(), _root.CertificatePem, notBefore, notAfter, certificate.SerialNumber);
            Log.Issued(_logger, issued.SerialNumber, identity.SpiffeId, identity.Workload, notAfter);
            return issued;
        }
    }

    public void Dispose() => _root.Dispose();

    /// <summary>Certificates carry whole seconds; truncating first makes the answered times exactly the certificate's.</summary>
    internal static DateTimeOffset WholeSeconds(DateTimeOffset time) =>
        time.AddTicks(-(time.UtcTicks % TimeSpan.TicksPerSecond));

    private CertificateRequest CreateRequest(PublicKey publicKey, WorkloadIdentity identity)
    {
        // Istio leaves the subject empty and marks the SAN critical; a common name naming the workload reads
        // better in tools, and with a non-empty subject the SAN is not critical (RFC 5280 §4.2.1.6).
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(identity.Workload);
        var request = new CertificateRequest(subject.Build(), publicKey, HashAlgorithmName.SHA256);

        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(new Uri(identity.SpiffeId));
        request.CertificateExtensions.Add(names.Build(critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new OidCollection { new Oid(ServerAuthOid), new Oid(ClientAuthOid) }, critical: false));
        request.CertificateExtensions.Add(_root.AuthorityKeyIdentifier);
        return request;
    }
}

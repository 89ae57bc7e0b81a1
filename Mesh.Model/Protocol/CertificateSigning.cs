namespace Mesh.Model.Protocol;

/// <summary>
/// A sidecar's request for a workload certificate (<c>POST /v1/certificates</c>, with its bootstrap token in
/// <c>Authorization: Bearer</c>). Like Istio's <c>IstioCertificateRequest</c>: the private key never leaves the
/// sidecar, only a signing request for it.
/// </summary>
public sealed record CertificateSigningRequest
{
    /// <summary>
    /// The workload the sidecar serves; must be the one the bearer token was issued for. The certificate's
    /// identity is always the one the AppHost declared for that workload, never taken from the request.
    /// </summary>
    public required string Workload { get; init; }

    /// <summary>
    /// A PKCS#10 signing request in PEM (<c>-----BEGIN CERTIFICATE REQUEST-----</c>) for an ECDSA P-256 key.
    /// Its subject and extensions are ignored.
    /// </summary>
    public required string Csr { get; init; }
}

/// <summary>The answer to a <see cref="CertificateSigningRequest"/>.</summary>
public sealed record CertificateSigningResponse
{
    /// <summary>
    /// PEM: the workload certificate first, then any intermediates (none today: the root signs directly). The
    /// root is not repeated here; it is in <see cref="Root"/>.
    /// </summary>
    public required string CertificateChain { get; init; }

    /// <summary>PEM: the mesh's root certificate, the trust anchor for peers' certificates.</summary>
    public required string Root { get; init; }

    /// <summary>Start of validity (back-dated a minute for clock skew).</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>End of validity; sidecars renew at half-life.</summary>
    public required DateTimeOffset NotAfter { get; init; }
}

namespace Mesh.ControlPlane.Certificates;

/// <summary>A workload certificate the mesh's authority signed.</summary>
/// <param name="CertificateChainPem">The workload certificate, then any intermediates (none: the root signs directly).</param>
/// <param name="RootCertificatePem">The root, the trust anchor peers verify the chain against.</param>
/// <param name="NotBefore">Start of validity (issue time less <see cref="MeshCertificateAuthority.ClockSkew"/>).</param>
/// <param name="NotAfter">End of validity.</param>
/// <param name="SerialNumber">The serial number in hexadecimal, for logs.</param>
internal sealed record IssuedCertificate(
    string CertificateChainPem,
    string RootCertificatePem,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string SerialNumber);

using Mesh.Sidecar.Identity;
using Mesh.Sidecar.Telemetry;
namespace Mesh.Sidecar.Inbound.Security;

/// <summary>
/// The verified identity of the sidecar at the other end of an inbound mutual-TLS connection, set once per connection
/// by the handshake and read by every request on it (HTTP/2 multiplexes many).
/// </summary>
internal sealed class PeerIdentityFeature(SpiffeIdentity identity, string certificateHash, SpiffeIdentity server, string? workload)
{
    /// <summary>The caller's workload name, from its certificate's common name (the mesh CA writes it); <c>unknown</c> without one.</summary>
    public string Workload { get; } = string.IsNullOrEmpty(workload) ? SidecarMetrics.Unknown : workload;

    /// <summary>The caller's identity.</summary>
    public SpiffeIdentity Identity { get; } = identity;

    /// <summary>The caller's Istio principal, built once for every request on the connection.</summary>
    public string Principal { get; } = identity.Principal;

    /// <summary>The caller's SPIFFE URI, built once for every request on the connection.</summary>
    public string Uri { get; } = identity.Uri;

    /// <summary>The <c>x-forwarded-client-cert</c> value for the app, built once for every request on the connection.</summary>
    public string ForwardedClientCertValue { get; } = Security.ForwardedClientCert.Format(server.Uri, certificateHash, identity.Uri);

    /// <summary>
    /// The caller as Istio's <c>source_*</c> labels name it, from its certificate: workload and namespace (its app and
    /// version are not in the certificate, so <c>unknown</c>). Built once for every request on the connection.
    /// </summary>
    public PeerTags SourceTags { get; } = PeerTags.Source(new PeerWorkload(
        string.IsNullOrEmpty(workload) ? SidecarMetrics.Unknown : workload, identity.Namespace, SidecarMetrics.Unknown, SidecarMetrics.Unknown));

    /// <summary>Hex SHA-256 of the caller's certificate (Envoy's <c>Hash</c> in <c>x-forwarded-client-cert</c>).</summary>
    public string CertificateHash { get; } = certificateHash;

    /// <summary>The mesh-graph edge from this caller, resolved by the first request on the connection.</summary>
    public EdgeStats? Edge { get; set; }
}

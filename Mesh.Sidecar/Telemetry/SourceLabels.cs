using Mesh.Sidecar.Configuration;

namespace Mesh.Sidecar.Telemetry;

/// <summary>The labels of a client-side listener (an outbound listener, the gateway), built once when it starts.</summary>
internal static class SourceLabels
{
    /// <summary>
    /// Istio's <c>reporter=source</c> labels: this workload as the source, its principal when mutual TLS carries the request,
    /// and <paramref name="service"/> as the destination until an endpoint is reached (null: none yet, the gateway's case).
    /// </summary>
    public static RequestLabels For(SidecarIdentity identity, string? service)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var destination = service is not null && ServiceHosts.TryParse(service, identity.Namespace, out var name, out var ns)
            ? DestinationServiceName.Of(name, ns)
            : DestinationServiceName.Unknown;
        return new RequestLabels(IstioLabels.SourceReporter, PeerTags.Source(PeerWorkload.Of(identity)),
            PeerTags.Destination(PeerWorkload.Unknown, destination), service ?? SidecarMetrics.Unknown)
        {
            LocalPrincipal = PeerWorkload.PrincipalOf(identity),
        };
    }
}

using System.Collections.Frozen;
using Mesh.Model.Snapshots;
using Mesh.Sidecar.Identity;

namespace Mesh.Sidecar.Outbound.Endpoints;

/// <summary>
/// Who may answer for a service: the identities of its endpoints' service accounts (Istio's <c>subjectAltNames</c>),
/// computed once per snapshot and carried to the mutual-TLS handshake on the request that opens the connection.
/// </summary>
internal static class PeerIdentities
{
    /// <summary>The request option the connector reads the expected identities from.</summary>
    public static readonly HttpRequestOptionsKey<FrozenSet<string>> RequestOption = new("mesh.peer-identities");

    /// <summary>The SPIFFE URIs of <paramref name="service"/>'s endpoints.</summary>
    public static FrozenSet<string> Of(ServiceSnapshot service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.Endpoints
            .Select(e => SpiffeIdentity.For(service.Namespace, e.ServiceAccount).Uri)
            .ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Puts the identities <paramref name="endpoint"/> may present on the request that may open its connection, when
    /// that connection is mutual TLS (<paramref name="mode"/>): a plain-text request carries nothing (setting an option
    /// allocates the request's option table).
    /// </summary>
    public static void Expect(HttpRequestMessage request, EndpointModel endpoint, UpstreamTlsMode mode)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (PeerConnections.UsesMutualTls(endpoint, mode))
        {
            request.Options.Set(RequestOption, endpoint.Identities);
        }
    }
}

using System.Collections.Frozen;
using Mesh.Model.Snapshots;
using Mesh.Sidecar.Identity;

namespace Mesh.Sidecar.Outbound.Endpoints;

/// <summary>
/// Who may answer at each endpoint address: the identities of the service the endpoint serves (Istio's
/// <c>subjectAltNames</c> for a cluster, which the client sidecar checks in the server's certificate).
/// </summary>
internal sealed class PeerIdentities
{
    private readonly FrozenDictionary<string, FrozenSet<string>> _byAddress;

    private PeerIdentities(FrozenDictionary<string, FrozenSet<string>> byAddress) => _byAddress = byAddress;

    /// <summary>No endpoint: every server is refused.</summary>
    public static PeerIdentities Empty { get; } = new(FrozenDictionary<string, FrozenSet<string>>.Empty);

    /// <summary>Builds the table from a snapshot's services.</summary>
    public static PeerIdentities From(IReadOnlyList<ServiceSnapshot> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var byAddress = new Dictionary<string, FrozenSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in services)
        {
            var identities = service.Endpoints
                .Select(e => SpiffeIdentity.For(service.Namespace, e.ServiceAccount).Uri)
                .ToFrozenSet(StringComparer.Ordinal);
            foreach (var endpoint in service.Endpoints)
            {
                if (Uri.TryCreate(endpoint.Address, UriKind.Absolute, out var uri))
                {
                    byAddress[Key(uri.IdnHost, uri.Port)] = identities;
                }
            }
        }

        return new PeerIdentities(byAddress.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The SPIFFE URIs a server at <paramref name="host"/>:<paramref name="port"/> may present; empty if the address is no endpoint.</summary>
    public IReadOnlySet<string> For(string host, int port) =>
        _byAddress.TryGetValue(Key(host, port), out var identities) ? identities : FrozenSet<string>.Empty;

    private static string Key(string host, int port) => $"{host.Trim('[', ']')}:{port}";
}

using Mesh.Model.Snapshots;
using Mesh.Sidecar.Outbound.Endpoints;
using Mesh.Sidecar.Outbound.Logical;

namespace Mesh.Sidecar.Outbound;

/// <summary>
/// One outbound listener's upstream as compiled from a snapshot: its route table, and every endpoint of the
/// service (filtered by workload when the listener is pinned) for /clusters.
/// </summary>
internal sealed class UpstreamModel(string listener, string service, string? pinnedWorkload, EndpointModel[] endpoints, RouteTable routes)
{
    /// <summary>The outbound listener's name.</summary>
    public string Listener { get; } = listener;

    /// <summary>The upstream service.</summary>
    public string Service { get; } = service;

    /// <summary>The one workload the listener is pinned to, if any.</summary>
    public string? PinnedWorkload { get; } = pinnedWorkload;

    /// <summary>The service's endpoints; routes pick among their clusters' subsets of these.</summary>
    public EndpointModel[] Endpoints { get; } = endpoints;

    /// <summary>The routes for requests to this upstream.</summary>
    public RouteTable Routes { get; } = routes;
}

using Mesh.Model.Snapshots;
using Mesh.Sidecar.Outbound.Concrete;
using Mesh.Sidecar.Outbound.Logical;
using Mesh.Sidecar.Telemetry;

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

/// <summary>One endpoint of an upstream: where to send, who answers, and its counters.</summary>
internal sealed class EndpointModel(EndpointSnapshot source, string address, DestinationStats stats) : IBalancedEndpoint
{
    /// <summary>The endpoint as the snapshot gave it.</summary>
    public EndpointSnapshot Source { get; } = source;

    /// <summary>The destination prefix handed to the forwarder, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; } = address;

    /// <summary>The destination workload's counters (they outlive this snapshot).</summary>
    public DestinationStats Stats { get; } = stats;

    /// <summary>The destination workload's name.</summary>
    public string Workload => Source.Workload;

    /// <summary>The destination workload's version label.</summary>
    public string Version => Source.Version;

    string IBalancedEndpoint.Key => Source.Workload;

    int IBalancedEndpoint.ActiveRequests => Stats.Active;
}

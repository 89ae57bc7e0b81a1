using Mesh.Model.Snapshots;
using Mesh.Sidecar.Telemetry;

namespace Mesh.Sidecar.Outbound;

/// <summary>
/// One outbound listener's upstream as compiled from a snapshot: the endpoints it may pick, already
/// filtered (by workload when the listener is pinned), so picking is an index into an array.
/// </summary>
internal sealed class UpstreamModel(string listener, string service, string? pinnedWorkload, EndpointModel[] endpoints)
{
    /// <summary>The outbound listener's name.</summary>
    public string Listener { get; } = listener;

    /// <summary>The upstream service.</summary>
    public string Service { get; } = service;

    /// <summary>The one workload the listener is pinned to, if any.</summary>
    public string? PinnedWorkload { get; } = pinnedWorkload;

    /// <summary>The endpoints to balance across; empty when none serves.</summary>
    public EndpointModel[] Endpoints { get; } = endpoints;
}

/// <summary>One endpoint of an upstream: where to send, who answers, and its counters.</summary>
internal sealed class EndpointModel(EndpointSnapshot source, string address, DestinationStats stats)
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
}

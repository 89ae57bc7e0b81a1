using Mesh.Model.Snapshots;
using Mesh.Sidecar.Inbound.Authorization;
using Mesh.Sidecar.Outbound.Endpoints;
using Mesh.Sidecar.Outbound;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>
/// A snapshot compiled for the hot path: immutable, swapped in whole, read without locks. Requests
/// index <see cref="Upstreams"/> by their outbound listener's position.
/// </summary>
internal sealed class SnapshotModel(SidecarSnapshot source, DateTimeOffset appliedAt, UpstreamModel[] upstreams, GatewayHost[]? gatewayHosts = null)
{
    /// <summary>The snapshot as pushed (shown by <c>/config</c>).</summary>
    public SidecarSnapshot Source { get; } = source;

    /// <summary>The snapshot's version.</summary>
    public string Version => Source.Version;

    /// <summary>When the sidecar applied it.</summary>
    public DateTimeOffset AppliedAt { get; } = appliedAt;

    /// <summary>One upstream per outbound listener, in the order of <c>Mesh:Outbound</c>.</summary>
    public UpstreamModel[] Upstreams { get; } = upstreams;

    /// <summary>Which identities may answer at each endpoint address (checked in servers' certificates).</summary>
    public PeerIdentities PeerIdentities { get; } = PeerIdentities.From(source.Services);

    /// <summary>The workload's AuthorizationPolicies, compiled for the inbound listener.</summary>
    public AuthorizationEvaluator Authorization { get; } = source.Config?.Inbound.AuthorizationPolicies is { Count: > 0 } policies
        ? new AuthorizationEvaluator(policies)
        : AuthorizationEvaluator.Empty;

    /// <summary>For the ingress gateway: its hosts, most specific first; empty for a sidecar.</summary>
    public GatewayHost[] GatewayHosts { get; } = gatewayHosts ?? [];
}

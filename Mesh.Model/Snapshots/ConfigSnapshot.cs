namespace Mesh.Model.Snapshots;

/// <summary>
/// The configuration part of one proxy's snapshot, compiled by the control plane (Mesh.Model's <c>ConfigCompiler</c>) from the
/// mesh's resources and registry: routes and policies for every destination, the inbound policies of the
/// proxy's own workload, and, for the gateway, its routes by host. Plain records without behaviour, ordered
/// deterministically, so equal inputs serialize to equal JSON.
/// </summary>
public sealed record ConfigSnapshot
{
    /// <summary>The workload the snapshot was compiled for.</summary>
    public required string Workload { get; init; }

    /// <summary>The workload's namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>Sidecar or gateway.</summary>
    public required ProxyMode Mode { get; init; }

    /// <summary>Every known service with its routes and policies, ordered by name, then namespace.</summary>
    public required IReadOnlyList<DestinationConfig> Destinations { get; init; }

    /// <summary>Policies for requests to this workload.</summary>
    public required InboundConfig Inbound { get; init; }

    /// <summary>For a gateway: its routes by host, most specific host first (exact, then longer wildcards, then <c>*</c>); take the first that matches.</summary>
    public IReadOnlyList<VirtualHostConfig> GatewayHosts { get; init; } = [];
}

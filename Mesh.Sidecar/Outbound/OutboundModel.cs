namespace Mesh.Sidecar.Outbound;

/// <summary>
/// The outbound stack's part of a snapshot, compiled for the hot path (<see cref="OutboundCompiler"/>): immutable,
/// published whole, read once per request. Requests index <see cref="Upstreams"/> by their outbound listener's position.
/// </summary>
internal sealed class OutboundModel(UpstreamModel[] upstreams, GatewayHost[] gatewayHosts)
{
    /// <summary>Before the first snapshot: nothing is known about any upstream.</summary>
    public static OutboundModel Empty { get; } = new([], []);

    /// <summary>One upstream per outbound listener, in the order of <c>Mesh:Outbound</c>; empty before the first snapshot.</summary>
    public UpstreamModel[] Upstreams { get; } = upstreams;

    /// <summary>For the ingress gateway: its hosts, most specific first; empty for a sidecar.</summary>
    public GatewayHost[] GatewayHosts { get; } = gatewayHosts;
}

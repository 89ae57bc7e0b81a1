namespace Mesh.Sidecar.Outbound.Endpoints;

/// <summary>
/// What a load balancer needs to know about an endpoint, and nothing more, so the balancers stay independent
/// of the snapshot model (Envoy's balancers likewise see only a host's address and its request counters).
/// </summary>
internal interface IBalancedEndpoint
{
    /// <summary>
    /// A stable identity (e.g. the address): the consistent-hash ring places the endpoint by it, so the same
    /// endpoint keeps its keys across snapshots.
    /// </summary>
    string Key { get; }

    /// <summary>Requests in flight to this endpoint now; the least-request balancer compares it.</summary>
    int ActiveRequests { get; }
}

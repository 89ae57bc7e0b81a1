using Mesh.Sidecar.Outbound.Endpoints;
namespace Mesh.Sidecar.Outbound.Concrete;

/// <summary>
/// One cluster's endpoint choice, as Envoy's <c>lb_policy</c> (Istio's <c>DestinationRule.trafficPolicy.loadBalancer</c>):
/// a single method so the data path does not care which policy a route uses.
/// </summary>
/// <remarks>Implementations are thread-safe: one instance serves every request to its cluster.</remarks>
internal abstract class LoadBalancer
{
    /// <summary>Picks one of <paramref name="endpoints"/>, which the caller has checked is not empty.</summary>
    /// <param name="endpoints">The candidates; snapshots pass the same immutable list for their whole life.</param>
    /// <param name="hash">The request's hash (see <see cref="HashKey"/>); only consistent hashing reads it.</param>
    public abstract T Pick<T>(IReadOnlyList<T> endpoints, ulong hash)
        where T : class, IBalancedEndpoint;
}

namespace Mesh.Sidecar.Outbound.Concrete;

/// <summary>
/// Envoy's <c>LEAST_REQUEST</c> with equal weights (Istio's default, <c>simple: LEAST_REQUEST</c>): the "power of
/// two choices" — draw two distinct endpoints at random and send to the one with fewer requests in flight.
/// Two samples avoid the herd that a global minimum causes (every sidecar piling onto the same idle endpoint)
/// while still steering away from slow endpoints.
/// </summary>
internal sealed class LeastRequestBalancer(Random random) : LoadBalancer
{
    // Random is not thread-safe; see RandomBalancer.
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public override T Pick<T>(IReadOnlyList<T> endpoints, ulong hash)
    {
        var count = endpoints.Count;
        if (count == 1)
        {
            return endpoints[0];
        }

        int first, second;
        lock (_gate)
        {
            first = random.Next(count);
            second = random.Next(count - 1);
        }

        // Drawing from count - 1 and skipping over the first makes the pair distinct without a retry loop.
        if (second >= first)
        {
            second++;
        }

        var a = endpoints[first];
        var b = endpoints[second];
        return b.ActiveRequests < a.ActiveRequests ? b : a;
    }
}

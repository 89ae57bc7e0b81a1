namespace Mesh.Sidecar.Outbound.Concrete;

/// <summary>
/// Envoy's <c>RANDOM</c> (Istio <c>simple: RANDOM</c>): a uniform choice, which needs no shared counter and so
/// spreads well even when many sidecars start at once and would otherwise rotate in step.
/// </summary>
internal sealed class RandomBalancer(Random random) : LoadBalancer
{
    // Random is not thread-safe (a concurrent Next can corrupt it into returning zeros), and the injected
    // one may be a seeded test instance, so every draw is taken under a lock.
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public override T Pick<T>(IReadOnlyList<T> endpoints, ulong hash)
    {
        int index;
        lock (_gate)
        {
            index = random.Next(endpoints.Count);
        }

        return endpoints[index];
    }
}

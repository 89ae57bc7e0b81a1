namespace Mesh.Sidecar.Outbound.Concrete;

/// <summary>
/// Envoy's <c>ROUND_ROBIN</c> (Istio <c>simple: ROUND_ROBIN</c>) with equal weights: one shared counter advanced
/// with an interlocked increment, so concurrent requests spread evenly without a lock.
/// </summary>
internal sealed class RoundRobinBalancer : LoadBalancer
{
    private int _counter;

    /// <param name="start">Where the counter starts; tests use it to cross the wrap-around.</param>
    public RoundRobinBalancer(int start = -1) => _counter = start;

    /// <inheritdoc />
    public override T Pick<T>(IReadOnlyList<T> endpoints, ulong hash)
    {
        // Read as unsigned so that past int.MaxValue the index stays positive and the rotation continues.
        var next = (uint)Interlocked.Increment(ref _counter);
        return endpoints[(int)(next % (uint)endpoints.Count)];
    }
}

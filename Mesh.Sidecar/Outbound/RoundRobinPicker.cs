namespace Mesh.Sidecar.Outbound;

/// <summary>
/// Envoy's default ROUND_ROBIN load balancer: one shared counter advanced with an interlocked increment,
/// so concurrent requests spread evenly without a lock.
/// </summary>
internal sealed class RoundRobinPicker
{
    private int _counter;

    /// <param name="start">Where the counter starts; tests use it to cross the wrap-around.</param>
    public RoundRobinPicker(int start = -1) => _counter = start;

    /// <summary>Picks the next item; <paramref name="items"/> must not be empty.</summary>
    public T Pick<T>(T[] items)
    {
        var next = (uint)Interlocked.Increment(ref _counter);
        return items[(int)(next % (uint)items.Length)];
    }
}

namespace Mesh.Sidecar.Tests.Outbound.Concrete;

/// <summary>
/// A seeded <see cref="Random"/> that counts calls made while another call is still inside it. A balancer that
/// forgets its lock corrupts a real Random only now and then; this one widens the window so the test sees it.
/// </summary>
internal sealed class ExclusiveRandom(int seed) : Random(seed)
{
    private int _inside;
    private int _overlaps;

    public int Overlaps => Volatile.Read(ref _overlaps);

    public override int Next(int maxValue)
    {
        if (Interlocked.Increment(ref _inside) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        Thread.SpinWait(200);
        var value = base.Next(maxValue);
        Interlocked.Decrement(ref _inside);
        return value;
    }
}

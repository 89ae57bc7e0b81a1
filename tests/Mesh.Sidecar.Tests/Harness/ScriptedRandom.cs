namespace Mesh.Sidecar.Tests.Harness;

/// <summary>
/// A random source that returns scripted draws in order: <paramref name="draws"/> for <see cref="Random.NextInt64(long)"/>
/// (weighted picks) and <paramref name="rolls"/> for <see cref="Random.NextDouble"/> (fault and mirror percentages).
/// </summary>
internal sealed class ScriptedRandom(long[] draws, double[]? rolls = null) : Random
{
    private int _nextDraw;
    private int _nextRoll;

    public ScriptedRandom(params long[] draws)
        : this(draws, null)
    {
    }

    /// <summary>How many draws were taken.</summary>
    public int Draws => Volatile.Read(ref _nextDraw);

    public override long NextInt64(long maxValue)
    {
        var draw = draws[Interlocked.Increment(ref _nextDraw) - 1];
        Assert.InRange(draw, 0, maxValue - 1);
        return draw;
    }

    public override double NextDouble() => (rolls ?? [])[Interlocked.Increment(ref _nextRoll) - 1];
}

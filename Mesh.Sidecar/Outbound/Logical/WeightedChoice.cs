namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>
/// A draw in proportion to weights, as Envoy's <c>weighted_clusters</c> splits traffic between route
/// destinations (Istio <c>VirtualService</c> <c>route[].weight</c>, e.g. a 90/10 canary).
/// </summary>
internal static class WeightedChoice
{
    /// <summary>
    /// Returns an index of <paramref name="weights"/> with probability weight / sum; a zero weight is never picked.
    /// </summary>
    /// <param name="weights">Non-negative weights with a positive sum.</param>
    /// <param name="random">
    /// The source of the draw. <see cref="Random"/> is not thread-safe: pass <see cref="Random.Shared"/> or one
    /// the caller guards.
    /// </param>
    public static int Pick(IReadOnlyList<int> weights, Random random)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(random);

        // A long sum so that many large weights cannot overflow into a negative bound.
        long total = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(weights[i], nameof(weights));
            total += weights[i];
        }

        if (total == 0)
        {
            throw new ArgumentException("At least one weight must be positive.", nameof(weights));
        }

        var draw = random.NextInt64(total);
        for (var i = 0; i < weights.Count; i++)
        {
            draw -= weights[i];
            if (draw < 0)
            {
                return i;
            }
        }

        // Unreachable: draw < total, and the loop subtracts exactly total.
        throw new InvalidOperationException("Weighted draw fell past the last weight.");
    }
}

using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Graph;

/// <summary>A quantile from bucket counts, as Prometheus' <c>histogram_quantile</c> estimates it: linear within the bucket.</summary>
internal static class LatencyQuantile
{
    /// <summary>The <paramref name="quantile"/> (0..1) in ms, or null without requests; past the last bound, the last bound.</summary>
    public static double? Of(IReadOnlyList<long> buckets, double quantile)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var bounds = EdgeTelemetry.LatencyBoundsMs;
        var total = buckets.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = quantile * total;
        long seen = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i] == 0 || seen + buckets[i] < rank)
            {
                seen += buckets[i];
                continue;
            }

            if (i >= bounds.Count)
            {
                return bounds[^1];
            }

            var lower = i == 0 ? 0 : bounds[i - 1];
            return lower + ((bounds[i] - lower) * (rank - seen) / buckets[i]);
        }

        return bounds[^1];
    }
}

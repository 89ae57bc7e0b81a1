using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Graph;

/// <summary>An edge's cumulative counters at one moment, or the difference of two such moments.</summary>
internal sealed record EdgeCounters(long Requests, long Errors, long Denials, long RateLimited, long MutualTls, long[] LatencyBuckets)
{
    public static EdgeCounters Zero { get; } = new(0, 0, 0, 0, 0, new long[EdgeTelemetry.LatencyBucketCount]);

    public static EdgeCounters From(EdgeReport edge) =>
        new(edge.Requests, edge.Errors, edge.Denials, edge.RateLimited, edge.MutualTls, [.. edge.LatencyBuckets]);

    /// <summary>What happened between <paramref name="earlier"/> and this; a sidecar that restarted counts from zero again.</summary>
    public EdgeCounters Since(EdgeCounters earlier)
    {
        if (Requests < earlier.Requests)
        {
            return this;
        }

        var buckets = new long[LatencyBuckets.Length];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = Math.Max(0, LatencyBuckets[i] - earlier.LatencyBuckets[i]);
        }

        return new EdgeCounters(Requests - earlier.Requests, Math.Max(0, Errors - earlier.Errors), Math.Max(0, Denials - earlier.Denials),
            Math.Max(0, RateLimited - earlier.RateLimited), Math.Max(0, MutualTls - earlier.MutualTls), buckets);
    }
}

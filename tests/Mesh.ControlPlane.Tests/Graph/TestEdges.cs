using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Tests.Graph;

/// <summary>Edge reports for tests: cumulative counters as a sidecar would send them.</summary>
internal static class TestEdges
{
    /// <summary>
    /// <paramref name="source"/> calling <paramref name="destinationWorkload"/> of <paramref name="service"/>, counted at the
    /// destination: <paramref name="requests"/> so far, every one over mutual TLS and in the 5 ms bucket unless told.
    /// </summary>
    public static EdgeReport Inbound(string source, string service, string destinationWorkload, long requests, long errors = 0, long denials = 0,
        long rateLimited = 0, long? mutualTls = null, long[]? buckets = null) => new()
    {
        Reporter = EdgeTelemetry.DestinationReporter,
        Source = source,
        DestinationService = service,
        DestinationWorkload = destinationWorkload,
        Requests = requests,
        Errors = errors,
        Denials = denials,
        RateLimited = rateLimited,
        MutualTls = mutualTls ?? requests,
        LatencyBuckets = buckets ?? Buckets((2, requests)),
    };

    /// <summary>Bucket counts with <c>count</c> requests in bucket <c>index</c> (see <see cref="EdgeTelemetry.LatencyBoundsMs"/>).</summary>
    public static long[] Buckets(params (int Index, long Count)[] counts)
    {
        var buckets = new long[EdgeTelemetry.LatencyBucketCount];
        foreach (var (index, count) in counts)
        {
            buckets[index] += count;
        }

        return buckets;
    }
}

using Mesh.Model.Protocol;
using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Telemetry;

/// <summary>A request's edge of the mesh graph, for <see cref="RequestRecorder.Finish"/> to count it on.</summary>
/// <param name="Stats">The edge's counters; none when this side of the request does not count it (EdgeTelemetry).</param>
/// <param name="MutualTls">Whether mutual TLS carried the request on that edge.</param>
/// <param name="Denied">Whether an AuthorizationPolicy denied it.</param>
internal readonly record struct EdgeCount(EdgeStats? Stats, bool MutualTls = false, bool Denied = false);

/// <summary>
/// Cumulative counters of one edge of the mesh graph (a caller, a service, the workload that answered), resolved once
/// per listener or connection from <see cref="EdgeTable"/> and only incremented per request: lock-free, no allocation.
/// </summary>
internal sealed class EdgeStats(string reporter, string source, string service, string destinationWorkload)
{
    private static readonly double[] s_bounds = [.. EdgeTelemetry.LatencyBoundsMs];

    private readonly long[] _latency = new long[EdgeTelemetry.LatencyBucketCount];
    private long _requests;
    private long _errors;
    private long _denials;
    private long _rateLimited;
    private long _mutualTls;

    /// <summary>Counts one finished request.</summary>
    /// <param name="statusCode">The response's status.</param>
    /// <param name="flag">Envoy's response flag.</param>
    /// <param name="durationMs">How long the request took.</param>
    /// <param name="mutualTls">Whether it arrived over mutual TLS.</param>
    /// <param name="denied">Whether an AuthorizationPolicy denied it.</param>
    public void Record(int statusCode, ResponseFlag flag, double durationMs, bool mutualTls, bool denied = false)
    {
        Interlocked.Increment(ref _requests);
        if (statusCode >= 500 || flag is not (ResponseFlag.None or ResponseFlag.DelayInjected or ResponseFlag.RateLimited))
        {
            Interlocked.Increment(ref _errors);
        }

        if (denied)
        {
            Interlocked.Increment(ref _denials);
        }

        if (flag == ResponseFlag.RateLimited)
        {
            Interlocked.Increment(ref _rateLimited);
        }

        if (mutualTls)
        {
            Interlocked.Increment(ref _mutualTls);
        }

        Interlocked.Increment(ref _latency[BucketOf(durationMs)]);
    }

    /// <summary>Reads the counters for a report; each counter is read atomically, the set is not.</summary>
    public EdgeReport Read()
    {
        var buckets = new long[_latency.Length];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = Volatile.Read(ref _latency[i]);
        }

        return new EdgeReport
        {
            Reporter = reporter,
            Source = source,
            DestinationService = service,
            DestinationWorkload = destinationWorkload,
            Requests = Volatile.Read(ref _requests),
            Errors = Volatile.Read(ref _errors),
            Denials = Volatile.Read(ref _denials),
            RateLimited = Volatile.Read(ref _rateLimited),
            MutualTls = Volatile.Read(ref _mutualTls),
            LatencyBuckets = buckets,
        };
    }

    private static int BucketOf(double durationMs)
    {
        for (var i = 0; i < s_bounds.Length; i++)
        {
            if (durationMs <= s_bounds[i])
            {
                return i;
            }
        }

        return s_bounds.Length;
    }
}

using Mesh.Sidecar.Primitives;
namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// Live request counters of one destination (a service, one of its workloads, or the local app), as
/// Envoy's per-cluster <c>upstream_rq_*</c> stats. Created when a listener or a snapshot is set up and
/// only incremented on the hot path, so recording a request allocates nothing.
/// </summary>
internal sealed class DestinationStats
{
    private long _requests;
    private int _active;
    private readonly long[] _codeClasses = new long[6];
    private readonly long[] _flags = new long[ResponseFlags.Count];

    public DestinationStats(string destination) => Destination = destination;

    /// <summary>The destination's name: a service, a workload or the local app's workload.</summary>
    public string Destination { get; }

    /// <summary>Requests finished so far.</summary>
    public long Requests => Volatile.Read(ref _requests);

    /// <summary>Requests sent and not yet answered (what LEAST_REQUEST balances on).</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>A request was sent.</summary>
    public void BeginRequest() => Interlocked.Increment(ref _active);

    /// <summary>A request sent with <see cref="BeginRequest"/> ended.</summary>
    public void EndRequest() => Interlocked.Decrement(ref _active);

    /// <summary>Counts one finished request.</summary>
    public void Record(int statusCode, ResponseFlag flag)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _codeClasses[CodeClassIndex(statusCode)]);
        Interlocked.Increment(ref _flags[(int)flag]);
    }

    /// <summary>Reads the counters for <c>/stats</c>; each counter is read atomically, the set is not.</summary>
    public DestinationStatsView Read()
    {
        var codes = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 1; i <= 5; i++)
        {
            var value = Volatile.Read(ref _codeClasses[i]);
            if (value != 0)
            {
                codes[$"{i}xx"] = value;
            }
        }

        var other = Volatile.Read(ref _codeClasses[0]);
        if (other != 0)
        {
            codes["other"] = other;
        }

        var flags = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 1; i < ResponseFlags.Count; i++)
        {
            var value = Volatile.Read(ref _flags[i]);
            if (value != 0)
            {
                flags[ResponseFlags.ToEnvoy((ResponseFlag)i)] = value;
            }
        }

        return new DestinationStatsView(Volatile.Read(ref _requests), codes, flags);
    }

    private static int CodeClassIndex(int statusCode) => statusCode is >= 100 and < 600 ? statusCode / 100 : 0;
}

/// <summary>A read of <see cref="DestinationStats"/>: total requests, counts per status class (<c>2xx</c>...) and per flag.</summary>
internal sealed record DestinationStatsView(
    long Requests,
    IReadOnlyDictionary<string, long> ResponseCodes,
    IReadOnlyDictionary<string, long> ResponseFlags);

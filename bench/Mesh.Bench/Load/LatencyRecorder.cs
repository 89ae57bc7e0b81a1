using HdrHistogram;

namespace Mesh.Bench.Load;

/// <summary>Latencies in microseconds in an HDR histogram (3 significant digits, up to 60 s), recorded from any thread.</summary>
internal sealed class LatencyRecorder
{
    private const long HighestMicroseconds = 60_000_000;
    private readonly LongHistogram _histogram = new(HighestMicroseconds, 3);
    private readonly Lock _lock = new();

    public void Record(long microseconds)
    {
        var value = Math.Clamp(microseconds, 0, HighestMicroseconds);
        lock (_lock)
        {
            _histogram.RecordValue(value);
        }
    }

    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _histogram.TotalCount;
            }
        }
    }

    /// <summary>p50, p90, p99, p99.9 and max, in milliseconds.</summary>
    public Percentiles Read()
    {
        lock (_lock)
        {
            if (_histogram.TotalCount == 0)
            {
                return new Percentiles(0, 0, 0, 0, 0);
            }

            return new Percentiles(
                _histogram.GetValueAtPercentile(50) / 1000.0,
                _histogram.GetValueAtPercentile(90) / 1000.0,
                _histogram.GetValueAtPercentile(99) / 1000.0,
                _histogram.GetValueAtPercentile(99.9) / 1000.0,
                _histogram.GetMaxValue() / 1000.0);
        }
    }
}

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record Percentiles(double P50, double P90, double P99, double P999, double Max);

namespace Mesh.ControlPlane.Graph;

/// <summary>
/// The last <see cref="TrafficGraph.HistoryLength"/> of one edge's cumulative counters, one sample per report, so
/// rates are differences over a window as Prometheus' <c>rate()</c> takes them. Not thread-safe: <see cref="TrafficGraph"/> locks it.
/// </summary>
internal sealed class EdgeHistory
{
    private readonly Queue<(DateTimeOffset At, EdgeCounters Counters)> _samples = new();

    public DateTimeOffset LastSeen { get; private set; }

    public void Add(DateTimeOffset at, EdgeCounters counters)
    {
        _samples.Enqueue((at, counters));
        LastSeen = at;
        while (_samples.Count > 1 && _samples.Peek().At < at - TrafficGraph.HistoryLength)
        {
            _samples.Dequeue();
        }
    }

    /// <summary>
    /// What the edge counted over the last <paramref name="window"/> before <paramref name="now"/>, and the seconds it spans
    /// (from the newest sample at least that old, else the oldest kept, to the newest report); null with a single sample.
    /// </summary>
    public (EdgeCounters Delta, double Seconds)? Over(TimeSpan window, DateTimeOffset now)
    {
        if (_samples.Count < 2)
        {
            return null;
        }

        var start = _samples.Peek();
        var end = start;
        foreach (var sample in _samples)
        {
            if (sample.At <= now - window)
            {
                start = sample;
            }

            end = sample;
        }

        var seconds = (end.At - start.At).TotalSeconds;
        return seconds <= 0 ? null : (end.Counters.Since(start.Counters), seconds);
    }

    /// <summary>Whether the edge counted a request in the history kept (a new edge did: sidecars report only edges with requests).</summary>
    public bool HadTraffic => _samples.Count == 1 || _samples.Last().Counters.Since(_samples.Peek().Counters).Requests > 0;
}

using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Graph;

/// <summary>
/// The edges sidecars report, each with a short history of its cumulative counters, read by <see cref="GraphBuilder"/>.
/// Reports arrive once a second per sidecar; one lock keeps it simple at that rate.
/// </summary>
internal sealed class TrafficGraph(TimeProvider time)
{
    /// <summary>How far back an edge's samples are kept; an edge silent that long leaves the graph.</summary>
    public static readonly TimeSpan HistoryLength = TimeSpan.FromSeconds(60);

    /// <summary>The most edges kept across all sidecars, so many sidecars cannot grow it without end.</summary>
    public const int MaxEdges = 4096;

    private readonly Dictionary<EdgeKey, EdgeHistory> _edges = [];
    private readonly Lock _lock = new();

    public TimeProvider Time => time;

    /// <summary>Adds one report's edges (already validated by <see cref="EdgeReportValidator"/>).</summary>
    public void Record(IReadOnlyList<EdgeReport>? edges)
    {
        if (edges is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        lock (_lock)
        {
            foreach (var edge in edges)
            {
                var key = EdgeKey.Of(edge);
                if (!_edges.TryGetValue(key, out var history))
                {
                    if (_edges.Count >= MaxEdges)
                    {
                        continue;
                    }

                    _edges[key] = history = new EdgeHistory();
                }

                history.Add(now, EdgeCounters.From(edge));
            }

            Forget(now);
        }
    }

    /// <summary>Every edge with traffic in the history kept, and what it counted over <paramref name="window"/>.</summary>
    public IReadOnlyList<(EdgeKey Key, EdgeCounters Delta, double Seconds)> Read(TimeSpan window)
    {
        var now = time.GetUtcNow();
        var edges = new List<(EdgeKey, EdgeCounters, double)>();
        lock (_lock)
        {
            Forget(now);
            foreach (var (key, history) in _edges)
            {
                if (history.HadTraffic)
                {
                    var over = history.Over(window, now);
                    edges.Add((key, over?.Delta ?? EdgeCounters.Zero, over?.Seconds ?? window.TotalSeconds));
                }
            }
        }

        return edges;
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, history) in _edges)
        {
            if (history.LastSeen < now - HistoryLength)
            {
                _edges.Remove(key);
            }
        }
    }
}

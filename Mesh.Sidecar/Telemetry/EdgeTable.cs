using System.Collections.Concurrent;
using Mesh.Model.Protocol;

namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// The edges this sidecar counts (which reporter counts which: <see cref="EdgeTelemetry"/>). Listeners resolve their
/// edges when they start and inbound connections when their caller is known; requests only increment. Bounded: past
/// <see cref="EdgeTelemetry.MaxEdgesPerReport"/> edges a new caller is not counted, so a report stays bounded too.
/// </summary>
internal sealed class EdgeTable
{
    private readonly ConcurrentDictionary<(string Reporter, string Source, string Service, string Workload), EdgeStats> _edges = new();

    /// <summary>The counters of one edge, or null when the table is full and the edge is new.</summary>
    public EdgeStats? Resolve(string reporter, string source, string service, string destinationWorkload)
    {
        var key = (reporter, source, service, destinationWorkload);
        if (_edges.TryGetValue(key, out var edge))
        {
            return edge;
        }

        return _edges.Count >= EdgeTelemetry.MaxEdgesPerReport
            ? null
            : _edges.GetOrAdd(key, static k => new EdgeStats(k.Reporter, k.Source, k.Service, k.Workload));
    }

    /// <summary>Every edge's counters, for the report; null when no edge was counted yet.</summary>
    public IReadOnlyList<EdgeReport>? Read()
    {
        if (_edges.IsEmpty)
        {
            return null;
        }

        var edges = new List<EdgeReport>(_edges.Count);
        foreach (var edge in _edges.Values)
        {
            var read = edge.Read();
            if (read.Requests > 0 && edges.Count < EdgeTelemetry.MaxEdgesPerReport)
            {
                edges.Add(read);
            }
        }

        return edges.Count == 0 ? null : edges;
    }
}

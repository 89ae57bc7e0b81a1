using Mesh.ControlPlane.Registry;
using Mesh.Model.Protocol;
using Mesh.Model.Snapshots;

namespace Mesh.ControlPlane.Graph;

/// <summary>Builds the graph from the registry (nodes) and the reported edges (rates over <see cref="Window"/>).</summary>
internal sealed class GraphBuilder(WorkloadRegistry registry, TrafficGraph traffic)
{
    /// <summary>The window rates are taken over (ten reports).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private const double FailingErrorShare = 0.2;

    private const string ServicePrefix = "svc:";

    public GraphView Build()
    {
        var edges = traffic.Read(Window).Select(ToEdge).OrderBy(static e => e.Id, StringComparer.Ordinal).ToList();
        var nodes = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        foreach (var entry in registry.GetEntries())
        {
            var workload = entry.Registration;
            var gateway = workload.Mode == ProxyMode.Gateway;
            nodes[workload.Workload] = new GraphNode(workload.Workload, gateway ? "gateway" : "workload", workload.Service, workload.Version,
                !entry.Serving ? "failing" : Health(edges, workload.Workload));
            if (!gateway)
            {
                nodes.TryAdd(ServiceId(workload.Service), new GraphNode(ServiceId(workload.Service), "service", workload.Service, null, "unknown"));
            }
        }

        foreach (var edge in edges)
        {
            nodes.TryAdd(edge.Source, Outsider(edge.Source));
            nodes.TryAdd(edge.Target, edge.Target.StartsWith(ServicePrefix, StringComparison.Ordinal)
                ? new GraphNode(edge.Target, "service", edge.Service, null, "unknown")
                : Outsider(edge.Target));
        }

        var ordered = nodes.Values.OrderBy(static n => n.Id, StringComparer.Ordinal).ToList();
        return new GraphView(traffic.Time.GetUtcNow(), Window.TotalSeconds, ordered, edges);
    }

    /// <summary>The id of a service's node.</summary>
    public static string ServiceId(string service) => ServicePrefix + service;

    private static GraphNode Outsider(string id) =>
        new(id, id == EdgeTelemetry.Unknown ? "unknown" : "workload", id, null, "unknown");

    private static string Health(List<GraphEdge> edges, string workload)
    {
        double requests = 0, errors = 0;
        foreach (var edge in edges)
        {
            if (edge.Target == workload)
            {
                requests += edge.RequestRate;
                errors += edge.RequestRate * edge.ErrorRate;
            }
        }

        return requests == 0 ? "healthy" : errors / requests >= FailingErrorShare ? "failing" : errors > 0 ? "degraded" : "healthy";
    }

    private static GraphEdge ToEdge((EdgeKey Key, EdgeCounters Delta, double Seconds) read)
    {
        var (key, delta, seconds) = read;
        var target = key.DestinationWorkload == EdgeTelemetry.Unknown ? ServiceId(key.Service) : key.DestinationWorkload;
        var requests = delta.Requests;
        return new GraphEdge(
            $"{key.Source}->{target}",
            key.Source,
            target,
            key.Service,
            key.Reporter,
            Math.Round(requests / seconds, 2),
            requests == 0 ? 0 : Math.Round((double)delta.Errors / requests, 4),
            LatencyQuantile.Of(delta.LatencyBuckets, 0.99) is { } p99 ? Math.Round(p99, 2) : null,
            requests > 0 && delta.MutualTls == requests,
            delta.Denials,
            Math.Round(delta.Denials / seconds, 2),
            delta.RateLimited,
            Math.Round(delta.RateLimited / seconds, 2));
    }
}

using System.Text.Json;

namespace MeshHost.IntegrationTests;

/// <summary>Reads a sidecar's <c>/stats</c> body: <c>{ "inbound": { dest: { "requests": n } }, "outbound": { ... } }</c>.</summary>
internal static class StatsReader
{
    public static long Requests(JsonElement stats, string direction, string destination) =>
        stats.TryGetProperty(direction, out var byDestination)
        && byDestination.TryGetProperty(destination, out var counters)
            ? counters.GetProperty("requests").GetInt64()
            : 0;

    /// <summary>
    /// Requests per destination workload of one outbound service, e.g. <c>reviews-v1</c> → 96, from
    /// <c>outbound.{service}.workloads.{workload}.requests</c>.
    /// </summary>
    public static Dictionary<string, long> OutboundByWorkload(JsonElement stats, string service) =>
        stats.TryGetProperty("outbound", out var outbound)
        && outbound.TryGetProperty(service, out var counters)
        && counters.TryGetProperty("workloads", out var workloads)
            ? workloads.EnumerateObject().ToDictionary(w => w.Name, w => w.Value.GetProperty("requests").GetInt64())
            : [];
}

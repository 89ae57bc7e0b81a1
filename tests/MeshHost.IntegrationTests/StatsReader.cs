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
}

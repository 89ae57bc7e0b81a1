using System.Globalization;
using System.Text.Json;

namespace Mesh.Bench.Startup;

/// <summary>
/// The Envoy response flags (<c>UT</c>, <c>DC</c>, <c>UH</c>, ...) the sidecars and the gateway counted, from their admin
/// <c>/stats</c>: what went wrong on the mesh's side while Bookinfo came up and served the first pages.
/// </summary>
internal static class ResponseFlags
{
    /// <summary>One line per proxy, direction and destination with a flag, e.g. <c>productpage-sidecar outbound reviews: DC×1</c>.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(IEnumerable<(string Proxy, Uri Stats)> proxies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proxies);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var lines = new List<string>();
        foreach (var (proxy, stats) in proxies)
        {
            try
            {
                lines.AddRange(Describe(proxy, await http.GetStringAsync(stats, cancellationToken)));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                lines.Add($"{proxy}: /stats unreadable ({e.Message})");
            }
        }

        return lines;
    }

    /// <summary>The flagged destinations in one <c>/stats</c> body.</summary>
    public static IEnumerable<string> Describe(string proxy, string stats)
    {
        using var document = JsonDocument.Parse(stats);
        foreach (var direction in new[] { "inbound", "outbound" })
        {
            if (!document.RootElement.TryGetProperty(direction, out var destinations) || destinations.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var destination in destinations.EnumerateObject())
            {
                if (!destination.Value.TryGetProperty("responseFlags", out var flags) || flags.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var counted = flags.EnumerateObject()
                    .Where(f => f.Value.TryGetInt64(out var n) && n > 0)
                    .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name}×{f.Value.GetInt64()}"))
                    .ToList();
                if (counted.Count > 0)
                {
                    yield return $"{proxy} {direction} {destination.Name}: {string.Join(", ", counted)}";
                }
            }
        }
    }
}

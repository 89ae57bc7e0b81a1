namespace Mesh.Sidecar.Tests.Harness;

/// <summary>
/// One row of a routing table test: a request and the backend that must answer it (null: no route, 404 <c>NR</c>).
/// </summary>
internal sealed record RouteCase(string PathAndQuery, string? Backend)
{
    /// <summary>The Host header; null leaves the listener's default (the gateway's tests use <c>example.com</c>).</summary>
    public string? Host { get; init; }

    public string Method { get; init; } = "GET";

    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    public RouteCase Header(string name, string value) => this with { Headers = [.. Headers, (name, value)] };

    public override string ToString() =>
        $"{Method} {Host ?? ""}{PathAndQuery}{string.Concat(Headers.Select(h => $" [{h.Name}: {h.Value}]"))} -> {Backend ?? "404"}";
}

/// <summary>Runs <see cref="RouteCase"/> tables against a listener.</summary>
internal static class RouteCases
{
    /// <summary>
    /// Sends every case with <paramref name="send"/> and fails listing each case whose answer differs (the workload name
    /// a <see cref="Testing.FakeApp"/> answers with, or 404 with flag <c>NR</c>).
    /// </summary>
    public static async Task AssertAllAsync(IEnumerable<RouteCase> cases, Func<RouteCase, Task<HttpResponseMessage>> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        var failures = new List<string>();
        foreach (var row in cases)
        {
            using var response = await send(row);
            var body = await response.Content.ReadAsStringAsync();
            var answered = response.StatusCode == HttpStatusCode.NotFound && RoutingMesh.Flag(response) == "NR" ? null
                : response.IsSuccessStatusCode ? body
                : $"{(int)response.StatusCode} {RoutingMesh.Flag(response)} {body}";
            if (answered != row.Backend)
            {
                failures.Add($"{row}: got {answered ?? "404 NR"}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}

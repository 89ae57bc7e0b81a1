using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Mesh.Bench.Topology;

/// <summary>
/// Proves that a mutual-TLS path's hop between the sidecars (<c>mtls</c>, <c>grpc-mtls</c>) is mutual TLS, and fails the run when it is not, so the
/// row can never silently measure plain text. Both checks must pass:
/// <list type="number">
/// <item>The caller sidecar's applied snapshot (its admin <c>/config</c>) marks the callee's endpoint <c>mutualTls</c>,
/// which is what makes the caller forward over its mutual-TLS pool; and marks the caller's own endpoint
/// too, which a sidecar only registers once it holds a certificate.</item>
/// <item>A request through the path reaches the backend with <c>x-forwarded-client-cert</c> naming the callee
/// (<c>By=</c>) and the caller (<c>URI=</c>): the callee sidecar removes any incoming value and sets one only for a caller
/// whose client certificate it verified against the mesh root.</item>
/// </list>
/// </summary>
internal static class MutualTlsCheck
{
    /// <summary>
    /// The backend answers this path with the <c>x-forwarded-client-cert</c> it received, empty if none (the same
    /// constant is in Mesh.Bench.Backend's Program.cs; the backend references nothing of the benchmark's).
    /// </summary>
    public const string PeerPath = "/_bench/xfcc";

    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for both checks to pass and returns what they saw; throws with what was
    /// seen last (and the sidecars' output) when they do not.
    /// </summary>
    public static async Task<string> VerifyAsync(HttpClient http, MutualTlsPair pair, Uri callerAdmin, Uri target, ChildProcess caller, ChildProcess callee,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(callee);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        string snapshot;
        string hop = "not checked (the snapshot check has not passed)";
        while (true)
        {
            caller.ThrowIfExited();
            callee.ThrowIfExited();
            (var marked, snapshot) = await SnapshotAsync(http, callerAdmin, pair, cancellationToken);
            if (marked)
            {
                try
                {
                    var xfcc = await ForwardedClientCertAsync(http, target, cancellationToken);
                    if (IsFromCallerToCallee(xfcc, pair))
                    {
                        return $"{snapshot} The backend saw x-forwarded-client-cert: {xfcc}";
                    }

                    hop = xfcc is null
                        ? "the backend saw no x-forwarded-client-cert (the hop was plain text)"
                        : $"the backend saw x-forwarded-client-cert '{xfcc}', expected By={pair.CalleeIdentity} and URI={pair.CallerIdentity}";
                }
                catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
                {
                    hop = $"failed: {e.Message}";
                }
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"""
                    The {pair.Name} path is not mutual TLS after {timeout.TotalSeconds:0} s, so it is not measured (it would measure plain text).
                    {snapshot}
                    Request through the path: {hop}
                    {caller.Name}'s last output:
                    {caller.Tail()}
                    {callee.Name}'s last output:
                    {callee.Tail()}
                    """));
            }

            await Task.Delay(s_poll, cancellationToken);
        }
    }

    /// <summary>The <c>x-forwarded-client-cert</c> the backend receives through <paramref name="target"/>, or null for none.</summary>
    public static async Task<string?> ForwardedClientCertAsync(HttpClient http, Uri target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(target);
        using var response = await http.GetAsync(new Uri(target, PeerPath), cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Length == 0 ? null : body;
    }

    /// <summary>Whether the header names the pair's callee as the server and its caller as the verified client.</summary>
    public static bool IsFromCallerToCallee(string? xfcc, MutualTlsPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (xfcc is null)
        {
            return false;
        }

        // Envoy's format, one element (one hop): By=<server>;Hash=<client cert sha256>;Subject="";URI=<client>.
        var fields = xfcc.Split(';')
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        return fields.GetValueOrDefault("By") == pair.CalleeIdentity
            && fields.GetValueOrDefault("URI") == pair.CallerIdentity
            && !string.IsNullOrEmpty(fields.GetValueOrDefault("Hash"));
    }

    /// <summary>Whether the caller's applied snapshot marks both the callee's endpoints and its own as mutual TLS, and what it shows.</summary>
    private static async Task<(bool Marked, string Description)> SnapshotAsync(HttpClient http, Uri callerAdmin, MutualTlsPair pair, CancellationToken cancellationToken)
    {
        JsonDocument config;
        try
        {
            using var response = await http.GetAsync(new Uri(callerAdmin, "/config"), cancellationToken);
            config = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (false, $"The caller's admin /config did not answer: {e.Message}");
        }

        using (config)
        {
            if (!config.RootElement.TryGetProperty("snapshot", out var snapshot) || snapshot.ValueKind != JsonValueKind.Object)
            {
                return (false, "The caller has no snapshot yet.");
            }

            var callee = Endpoints(snapshot, pair.CalleeWorkload);
            var self = Endpoints(snapshot, pair.CallerWorkload);
            var marked = callee.Count > 0 && callee.All(e => e.MutualTls) && self.Any(e => e.Workload == pair.CallerWorkload && e.MutualTls);
            var version = snapshot.TryGetProperty("version", out var v) ? v.ToString() : "?";
            return (marked, $"The caller's snapshot {version}: {Describe(pair.CalleeWorkload, callee)}; {Describe(pair.CallerWorkload, self)}.");
        }
    }

    private static List<(string Workload, bool MutualTls)> Endpoints(JsonElement snapshot, string service)
    {
        var found = new List<(string, bool)>();
        if (!snapshot.TryGetProperty("services", out var services) || services.ValueKind != JsonValueKind.Array)
        {
            return found;
        }

        foreach (var entry in services.EnumerateArray())
        {
            if (entry.TryGetProperty("name", out var name) && name.ValueEquals(service)
                && entry.TryGetProperty("endpoints", out var endpoints) && endpoints.ValueKind == JsonValueKind.Array)
            {
                foreach (var endpoint in endpoints.EnumerateArray())
                {
                    var workload = endpoint.TryGetProperty("workload", out var w) ? w.GetString() ?? "" : "";
                    var mutualTls = endpoint.TryGetProperty("mutualTls", out var m) && m.ValueKind == JsonValueKind.True;
                    found.Add((workload, mutualTls));
                }
            }
        }

        return found;
    }

    private static string Describe(string service, List<(string Workload, bool MutualTls)> endpoints) => endpoints.Count == 0
        ? $"service {service} has no endpoint"
        : $"service {service}: {string.Join(", ", endpoints.Select(e => $"{e.Workload} mutualTls={(e.MutualTls ? "true" : "false")}"))}";
}

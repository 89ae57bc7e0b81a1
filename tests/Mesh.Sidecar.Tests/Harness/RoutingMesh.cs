using System.Globalization;
using Mesh.Model.Registry;
using Mesh.Sidecar.Outbound.Concrete;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Harness;

/// <summary>
/// Bookinfo's productpage calling reviews: a real sidecar for <c>productpage-v1</c> with an outbound listener for
/// <c>reviews</c>, and one <see cref="FakeApp"/> per reviews workload standing in for that workload's sidecar (each
/// answers with its workload name). Configuration is Istio YAML, compiled by <see cref="MeshConfig"/> and pushed by
/// a <see cref="FakeControlPlane"/>.
/// </summary>
internal sealed class RoutingMesh : IAsyncDisposable
{
    /// <summary>Istio's <c>destination-rule-all.yaml</c> for reviews: subsets v1, v2, v3 by the version label.</summary>
    public const string ReviewsSubsets = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          subsets:
          - name: v1
            labels:
              version: v1
          - name: v2
            labels:
              version: v2
          - name: v3
            labels:
              version: v3
        """;

    private readonly FakeControlPlane _controlPlane;
    private readonly FakeApp _productpage;
    private readonly Dictionary<string, FakeApp> _apps;
    private readonly WorkloadRegistration[] _workloads;
    private int _version;

    private RoutingMesh(FakeControlPlane controlPlane, FakeApp productpage, Dictionary<string, FakeApp> apps, SidecarHost sidecar)
    {
        _controlPlane = controlPlane;
        _productpage = productpage;
        _apps = apps;
        Sidecar = sidecar;
        _workloads = [.. apps.Select(a => MeshConfig.Workload(a.Key, a.Value.BaseAddress))];
    }

    /// <summary>The caller's sidecar.</summary>
    public SidecarHost Sidecar { get; }

    /// <summary>The app standing in for <paramref name="workload"/>, e.g. <c>reviews-v2</c>.</summary>
    public FakeApp this[string workload] => _apps[workload];

    /// <summary>
    /// Starts the workloads (<c>reviews-v1</c>, ...) and the caller's sidecar, and applies <paramref name="yaml"/>.
    /// <paramref name="settings"/> are the sidecar's (keys below <c>Mesh:</c>); <paramref name="configure"/> adjusts its builder.
    /// </summary>
    public static async Task<RoutingMesh> StartAsync(string yaml, IEnumerable<string> workloads,
        IReadOnlyDictionary<string, string>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var controlPlane = await FakeControlPlane.StartAsync();
        var productpage = await FakeApp.StartAsync("productpage-v1");
        var apps = new Dictionary<string, FakeApp>(StringComparer.Ordinal);
        foreach (var workload in workloads)
        {
            apps[workload] = await FakeApp.StartAsync(workload);
        }

        var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, productpage.BaseAddress, configure ?? (_ => { }),
            outbound: [new("reviews", "reviews")], settings: settings);
        var mesh = new RoutingMesh(controlPlane, productpage, apps, sidecar);
        await mesh.ApplyAsync(yaml);
        return mesh;
    }

    /// <summary>Pushes <paramref name="yaml"/> as a new snapshot and waits until the sidecar applies it.</summary>
    public async Task ApplyAsync(string yaml)
    {
        var version = (++_version).ToString(CultureInfo.InvariantCulture);
        var caller = MeshConfig.Workload("productpage-v1", Sidecar.Inbound);
        _controlPlane.PushSnapshot(MeshConfig.Snapshot(version, yaml, caller, _workloads));
        await Sidecar.WaitForSnapshotAsync(version);
    }

    /// <summary>Sends a request for reviews through the caller's outbound listener.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, params (string Name, string Value)[] headers) =>
        SendAsync(method, pathAndQuery, null, CancellationToken.None, headers);

    /// <summary>Sends a request with an optional body, cancellable by the caller.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken,
        params (string Name, string Value)[] headers)
    {
        // The response's body is buffered by then, so the request can go.
        using var request = new HttpRequestMessage(method, new Uri(Sidecar.Outbound(), pathAndQuery)) { Content = content };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Sidecar.Client.SendAsync(request, cancellationToken);
    }

    /// <summary>A GET request.</summary>
    public Task<HttpResponseMessage> GetAsync(string pathAndQuery = "/", params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Get, pathAndQuery, headers);

    /// <summary>Sends every row of a routing table through the outbound listener and fails naming each row answered otherwise.</summary>
    public Task AssertRoutesAsync(params RouteCase[] cases) =>
        RouteCases.AssertAllAsync(cases, row => SendAsync(new HttpMethod(row.Method), row.PathAndQuery,
            [.. row.Headers, .. row.Host is null ? Array.Empty<(string, string)>() : [("Host", row.Host)]]));

    /// <summary>The workload that answered a GET (the body of a successful answer).</summary>
    public async Task<string> WhoAnswersAsync(string pathAndQuery = "/", params (string Name, string Value)[] headers)
    {
        using var response = await GetAsync(pathAndQuery, headers);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {pathAndQuery}: {(int)response.StatusCode} {Flag(response)} {body}");
        return body;
    }

    /// <summary>Sends <paramref name="requests"/> GETs one after another and counts the answers by workload.</summary>
    public async Task<Dictionary<string, int>> CountAsync(int requests, string pathAndQuery = "/", params (string Name, string Value)[] headers)
    {
        var counts = _apps.Keys.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        for (var i = 0; i < requests; i++)
        {
            counts[await WhoAnswersAsync(pathAndQuery, headers)]++;
        }

        return counts;
    }

    /// <summary>The live state of cluster <paramref name="name"/>, e.g. <c>reviews.default|</c> or <c>reviews.default|v2</c>.</summary>
    public ClusterState Cluster(string name) =>
        Sidecar.Services.GetRequiredService<ClusterStates>().Snapshot().Single(c => c.Key == name).Value;

    /// <summary>The caller's counters for every request to reviews.</summary>
    public DestinationStatsView ReviewsStats() =>
        Sidecar.Services.GetRequiredService<TrafficStats>().ForService("reviews").Total.Read();

    /// <summary>The response flag the sidecar put on a response; null when it put none.</summary>
    public static string? Flag(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues(ResponseFlags.HeaderName, out var values) ? string.Join(',', values) : null;
    }

    public async ValueTask DisposeAsync()
    {
        await Sidecar.DisposeAsync();
        foreach (var app in _apps.Values)
        {
            await app.DisposeAsync();
        }

        await _productpage.DisposeAsync();
        await _controlPlane.DisposeAsync();
    }
}

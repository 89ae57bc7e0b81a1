using System.Globalization;
using Mesh.Model.Registry;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Harness;

/// <summary>
/// The ingress gateway in front of echo backends: a real sidecar in gateway mode with Istio's identity
/// (<c>istio-ingressgateway</c> in <c>istio-system</c>, labelled <c>istio: ingressgateway</c>), whose listener the test
/// calls as a browser would, and one <see cref="FakeApp"/> per workload standing in for that workload's sidecar: each
/// records the method, path and query, Host and headers it received. Configuration (Gateway API or Istio YAML) is
/// compiled for the gateway by <see cref="MeshConfig"/> and pushed by a <see cref="FakeControlPlane"/>.
/// </summary>
internal sealed class GatewayMesh : IAsyncDisposable
{
    /// <summary>A Gateway API <c>Gateway</c> named <c>same-namespace</c> with one HTTP listener on port 80, as the conformance suite's.</summary>
    public const string SameNamespace = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: same-namespace
        spec:
          gatewayClassName: mesh
          listeners:
          - name: http
            port: 80
            protocol: HTTP
        """;

    /// <summary>
    /// <see cref="SameNamespace"/> and an HTTPRoute <c>under-test</c> attached to it, with <paramref name="rules"/> (YAML
    /// list items written from column 0) and, when given, <paramref name="hostnames"/>.
    /// </summary>
    public static string Route(string rules, params string[] hostnames) =>
        SameNamespace + "\n---\n" + HttpRoute("under-test", "same-namespace", rules, hostnames);

    /// <summary>An HTTPRoute document <paramref name="name"/> attached to the Gateway <paramref name="parent"/>, as <see cref="Route"/>.</summary>
    public static string HttpRoute(string name, string parent, string rules, params string[] hostnames) => $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: {name}
        spec:
          parentRefs: [{"{"}name: {parent}{"}"}]
          hostnames: [{string.Join(", ", hostnames.Select(h => $"\"{h}\""))}]
          rules:
        {string.Join('\n', rules.Split('\n').Select(l => "  " + l))}
        """;

    private static readonly WorkloadRegistration s_gateway = new()
    {
        Workload = "istio-ingressgateway",
        Service = "istio-ingressgateway",
        Version = "v1",
        Namespace = "istio-system",
        ServiceAccount = "istio-ingressgateway-service-account",
        InboundAddress = "http://127.0.0.1",
        AppServing = true,
        Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["istio"] = "ingressgateway" },
    };

    private readonly FakeControlPlane _controlPlane;
    private readonly Dictionary<string, FakeApp> _apps;
    private readonly WorkloadRegistration[] _workloads;
    private int _version;

    private GatewayMesh(FakeControlPlane controlPlane, Dictionary<string, FakeApp> apps, SidecarHost gateway)
    {
        _controlPlane = controlPlane;
        _apps = apps;
        Gateway = gateway;
        _workloads = [.. apps.Select(a => MeshConfig.Workload(a.Key, a.Value.BaseAddress))];
    }

    /// <summary>The gateway.</summary>
    public SidecarHost Gateway { get; }

    /// <summary>The backend standing in for <paramref name="workload"/>, e.g. <c>infra-backend-v1</c>.</summary>
    public FakeApp this[string workload] => _apps[workload];

    /// <summary>
    /// Starts the backends and the gateway, and applies <paramref name="yaml"/>; <paramref name="configure"/> adjusts the
    /// gateway's builder (e.g. registers a scripted <see cref="Random"/>).
    /// </summary>
    public static async Task<GatewayMesh> StartAsync(string yaml, IEnumerable<string> workloads, Action<WebApplicationBuilder>? configure = null)
    {
        var controlPlane = await FakeControlPlane.StartAsync();
        var apps = new Dictionary<string, FakeApp>(StringComparer.Ordinal);
        foreach (var workload in workloads)
        {
            apps[workload] = await FakeApp.StartAsync(workload);
        }

        // A gateway has no app; the setting is required of the program, never called in gateway mode.
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Mode"] = nameof(ProxyMode.Gateway),
            ["Namespace"] = s_gateway.Namespace,
            ["ServiceAccount"] = s_gateway.ServiceAccount,
            ["Labels:istio"] = "ingressgateway",
        };
        var gateway = await SidecarHost.StartAsync(controlPlane.BaseAddress, new Uri("http://127.0.0.1:9"), configure ?? (_ => { }), s_gateway.Workload,
            s_gateway.Service, settings: settings);
        var mesh = new GatewayMesh(controlPlane, apps, gateway);
        await mesh.ApplyAsync(yaml);
        return mesh;
    }

    /// <summary>Pushes <paramref name="yaml"/> as a new snapshot and waits until the gateway applies it.</summary>
    public async Task ApplyAsync(string yaml)
    {
        var version = (++_version).ToString(CultureInfo.InvariantCulture);
        var proxy = s_gateway with { InboundAddress = Gateway.Inbound.GetLeftPart(UriPartial.Authority) };
        _controlPlane.PushSnapshot(MeshConfig.Snapshot(version, yaml, proxy, _workloads, ProxyMode.Gateway));
        await Gateway.WaitForSnapshotAsync(version);
    }

    /// <summary>Sends a request to the gateway's listener with Host <paramref name="host"/>.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string host, string pathAndQuery, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, new Uri(Gateway.Inbound, pathAndQuery));
        request.Headers.Host = host;
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Gateway.Client.SendAsync(request);
    }

    /// <summary>A GET with Host <paramref name="host"/>.</summary>
    public Task<HttpResponseMessage> GetAsync(string host, string pathAndQuery, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Get, host, pathAndQuery, headers);

    /// <summary>Sends every row of a routing table through the gateway and fails naming each row answered otherwise.</summary>
    public Task AssertRoutesAsync(params RouteCase[] cases) =>
        RouteCases.AssertAllAsync(cases, row => SendAsync(new HttpMethod(row.Method), row.Host ?? "example.com", row.PathAndQuery, [.. row.Headers]));

    /// <summary>
    /// Sends a GET, asserts that a backend answered, and returns which (the name its answer carries) and what it received.
    /// </summary>
    public async Task<(string Workload, ReceivedRequest Request)> ForwardAsync(string host, string pathAndQuery, params (string Name, string Value)[] headers)
    {
        using var response = await GetAsync(host, pathAndQuery, headers);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode && _apps.ContainsKey(body),
            $"GET {host}{pathAndQuery}: {(int)response.StatusCode} {RoutingMesh.Flag(response)} {body}");
        return (body, _apps[body].Received[^1]);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        foreach (var app in _apps.Values)
        {
            await app.DisposeAsync();
        }

        await _controlPlane.DisposeAsync();
    }
}

using System.Net.WebSockets;
using System.Text;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Telemetry;

/// <summary>
/// Istio's standard metrics as both sidecars of a mutual-TLS hop report them: every standard label, filled as Istio fills
/// it on each reporter, the request and response sizes, and the TCP metrics of an upgraded (WebSocket) connection.
/// </summary>
public sealed class IstioMetricsTests
{
    private const string CallerPrincipal = "spiffe://cluster.local/ns/default/sa/bookinfo-productpage";
    private const string CalleePrincipal = "spiffe://cluster.local/ns/default/sa/bookinfo-reviews";

    private static readonly Dictionary<string, object?> s_destinationSide = new()
    {
        ["destination_workload"] = SecureMesh.Callee,
        ["destination_workload_namespace"] = "default",
        ["destination_principal"] = CalleePrincipal,
        ["destination_app"] = "reviews",
        ["destination_version"] = "v1",
        ["destination_service"] = "reviews.default.svc.cluster.local",
        ["destination_service_name"] = "reviews",
        ["destination_service_namespace"] = "default",
        ["destination_canonical_service"] = "reviews",
        ["destination_canonical_revision"] = "v1",
        ["destination_cluster"] = "Kubernetes",
    };

    [Fact]
    public async Task Request_OverMutualTls_BothReportersCarryEveryStandardLabel_AndTheSizes()
    {
        using var measurements = new SidecarMeasurements();
        await using var mesh = await SecureMesh.StartCallerAndCalleeAsync();
        var productpage = mesh[SecureMesh.Caller];

        using var content = new StringContent("twelve bytes", Encoding.ASCII);
        using var response = await productpage.Sidecar.Client.PostAsync(new Uri(productpage.Sidecar.Outbound(), "/reviews/0"), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var source = await ReportedAsync(measurements, mesh, "mesh.requests", "source");
        AssertLabels(source, "source", sourceKnown: true, securityPolicy: "unknown", sourcePrincipal: CallerPrincipal);
        Assert.Equal("http", source["request_protocol"]);
        Assert.Equal(200, source["response_code"]);
        Assert.Equal("-", source["response_flags"]);
        Assert.False(source.ContainsKey("grpc_response_status"));

        var destination = await ReportedAsync(measurements, mesh, "mesh.requests", "destination");
        // The callee knows its caller from the certificate only: workload and namespace, not its app or version labels.
        AssertLabels(destination, "destination", sourceKnown: false, securityPolicy: "mutual_tls", sourcePrincipal: CallerPrincipal);

        foreach (var reporter in (string[])["source", "destination"])
        {
            var requestSize = Assert.Single(measurements.Measurements("mesh.request.size", Reporting(mesh, reporter)), m => Equals(m.Tags["reporter"], reporter));
            var responseSize = Assert.Single(measurements.Measurements("mesh.response.size", Reporting(mesh, reporter)), m => Equals(m.Tags["reporter"], reporter));
            Assert.Equal(12, requestSize.Value);
            Assert.Equal(SecureMesh.Callee.Length, responseSize.Value);
        }
    }

    [Fact]
    public async Task Request_PlainText_ReportsNoPrincipals_AndSecurityPolicyNone()
    {
        using var measurements = new SidecarMeasurements();
        await using var mesh = await SecureMesh.StartAsync();
        await mesh.AddAsync(SecureMesh.Callee, identity: false);
        var productpage = await mesh.AddAsync(SecureMesh.Caller, identity: false, callsReviews: true);
        await mesh.ApplyAsync("");

        using var response = await productpage.CallReviewsAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var source = await ReportedAsync(measurements, mesh, "mesh.requests", "source");
        Assert.Equal("unknown", source["source_principal"]);
        Assert.Equal("unknown", source["destination_principal"]);
        Assert.Equal("reviews-v1", source["destination_workload"]);
        var destination = await ReportedAsync(measurements, mesh, "mesh.requests", "destination");
        Assert.Equal("unknown", destination["source_workload"]);
        Assert.Equal("unknown", destination["source_principal"]);
        Assert.Equal("unknown", destination["destination_principal"]);
        Assert.Equal("none", destination["connection_security_policy"]);
    }

    [Fact]
    public async Task WebSocket_ThroughTwoSidecars_CountsTheConnectionAndItsBytesOnBothReporters()
    {
        using var measurements = new SidecarMeasurements();
        await using var mesh = await SecureMesh.StartCallerAndCalleeAsync();
        var (productpage, reviews) = (mesh[SecureMesh.Caller], mesh[SecureMesh.Callee]);
        reviews.App.Handler = Upstreams.WebSocketEcho(WebSocketClient.EchoPrefix);
        using var cancel = new CancellationTokenSource(Eventually.DefaultTimeout);

        using (var socket = await WebSocketClient.ConnectAsync(productpage.Sidecar.Outbound(), "/reviews/socket", cancel.Token))
        {
            Assert.Equal("echo: hello", await socket.EchoAsync("hello", cancel.Token));
            // Opened while it is open, not when it ends.
            foreach (var reporter in (string[])["source", "destination"])
            {
                var opened = await ReportedAsync(measurements, mesh, "mesh.tcp.connections.opened", reporter);
                AssertLabels(opened, reporter, sourceKnown: reporter == "source", securityPolicy: reporter == "source" ? "unknown" : "mutual_tls",
                    sourcePrincipal: CallerPrincipal);
                Assert.Equal("tcp", opened["request_protocol"]);
                Assert.False(opened.ContainsKey("response_code"));
            }

            Assert.Empty(measurements.Of("mesh.tcp.connections.closed", productpage.Sidecar));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancel.Token);
        }

        foreach (var reporter in (string[])["source", "destination"])
        {
            await ReportedAsync(measurements, mesh, "mesh.tcp.connections.closed", reporter);
            // WebSocket frames: the caller's masked "hello" and close (at least 11 + 6 bytes), the echo and close back.
            var received = Assert.Single(measurements.Measurements("mesh.tcp.received", Reporting(mesh, reporter)), m => Equals(m.Tags["reporter"], reporter));
            var sent = Assert.Single(measurements.Measurements("mesh.tcp.sent", Reporting(mesh, reporter)), m => Equals(m.Tags["reporter"], reporter));
            Assert.InRange(received.Value, 17, 64);
            Assert.InRange(sent.Value, 13, 64);
        }
    }

    [Fact]
    public async Task Gateway_ReportsTheRoutedServiceAsDestination()
    {
        using var measurements = new SidecarMeasurements();
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("- backendRefs:\n  - name: infra-backend-v1\n    port: 8080", "example.com"),
            ["infra-backend-v1"]);

        using (var routed = await mesh.GetAsync("example.com", "/"))
        using (var unrouted = await mesh.GetAsync("elsewhere.example", "/"))
        {
            Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, unrouted.StatusCode);
        }

        var requests = measurements.Of("mesh.requests", mesh.Gateway);
        var routedTags = Assert.Single(requests, t => Equals(t["response_code"], 200));
        Assert.Equal("source", routedTags["reporter"]);
        Assert.Equal("istio-ingressgateway", routedTags["source_workload"]);
        // The harness registers workload infra-backend-v1 as version v1 of service infra-backend, which the route reaches.
        Assert.Equal("infra-backend.default.svc.cluster.local", routedTags["destination_service"]);
        Assert.Equal("infra-backend", routedTags["destination_service_name"]);
        Assert.Equal("infra-backend-v1", routedTags["destination_workload"]);
        var unroutedTags = Assert.Single(requests, t => Equals(t["response_code"], 404));
        Assert.Equal("unknown", unroutedTags["destination_service"]);
        Assert.Equal("NR", unroutedTags["response_flags"]);
    }

    // The caller's sidecar reports as source, the callee's as destination.
    private static SidecarHost Reporting(SecureMesh mesh, string reporter) => mesh[reporter == "source" ? SecureMesh.Caller : SecureMesh.Callee].Sidecar;

    private static async Task<Dictionary<string, object?>> ReportedAsync(SidecarMeasurements measurements, SecureMesh mesh, string instrument, string reporter)
    {
        Dictionary<string, object?>? found = null;
        await Eventually.WaitUntilAsync(
            () => (found = measurements.Of(instrument, Reporting(mesh, reporter)).LastOrDefault(t => Equals(t["reporter"], reporter))) is not null,
            $"{instrument} with reporter={reporter}");
        return found!;
    }

    private static void AssertLabels(Dictionary<string, object?> tags, string reporter, bool sourceKnown, string securityPolicy, string sourcePrincipal)
    {
        var expected = new Dictionary<string, object?>(s_destinationSide)
        {
            ["reporter"] = reporter,
            ["source_workload"] = SecureMesh.Caller,
            ["source_workload_namespace"] = "default",
            ["source_principal"] = sourcePrincipal,
            ["source_app"] = sourceKnown ? "productpage" : "unknown",
            ["source_version"] = sourceKnown ? "v1" : "unknown",
            ["source_canonical_service"] = sourceKnown ? "productpage" : "unknown",
            ["source_canonical_revision"] = sourceKnown ? "v1" : "unknown",
            ["source_cluster"] = "Kubernetes",
            ["connection_security_policy"] = securityPolicy,
        };
        foreach (var (label, value) in expected)
        {
            Assert.True(tags.TryGetValue(label, out var actual), $"label {label} missing on reporter={reporter}");
            Assert.True(Equals(value, actual), $"{label} on reporter={reporter}: expected {value}, got {actual}");
        }
    }
}

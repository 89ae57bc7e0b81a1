using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Mesh.Testing;

namespace MeshHost.IntegrationTests.Telemetry;

/// <summary>
/// Bookinfo whose sidecars, gateway and control plane send their metrics (and only their metrics: traces and logs still
/// go to the dashboard) to an OTLP receiver in the test, as the dashboard would get them.
/// </summary>
public sealed class MeshMetricsFixture : BookinfoFixture, IAsyncLifetime
{
    internal OtlpMetricsReceiver Metrics { get; } = new();

    protected override void Configure(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var resource in builder.Resources.Where(r => r is MeshSidecarResource or MeshGatewayResource or MeshResource))
        {
            // After Aspire's own OTLP settings (annotations apply in order); the signal's own settings win over them.
            resource.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            {
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = Metrics.MetricsEndpoint.ToString();
                context.EnvironmentVariables["OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"] = "http/protobuf";
            }));
        }
    }

    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Metrics.DisposeAsync();
    }
}

/// <summary>
/// Istio's standard metrics as the sidecars export them over OTLP after product pages through the gateway: the full label
/// set on both reporters (SPIFFE principals, mutual TLS on the destination's side, the gateway's routed service), the
/// duration and size histograms; and the same in Prometheus's format at a sidecar's <c>/stats/prometheus</c>.
/// </summary>
public sealed class MeshMetricsTests(MeshMetricsFixture fixture) : IClassFixture<MeshMetricsFixture>
{
    private const string Spiffe = "spiffe://cluster.local/ns/default/sa/";

    [Fact]
    public async Task ProductPages_ExportIstiosStandardMetrics_WithTheFullLabelSetOnBothReporters()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var gateway = await fixture.GatewayClientAsync(cancel.Token);
        for (var i = 0; i < 5; i++)
        {
            using var page = await gateway.GetAsync("/productpage", cancel.Token);
            Assert.True(page.IsSuccessStatusCode, $"product page {i}: {(int)page.StatusCode}");
        }

        var metrics = fixture.Metrics;
        CounterPoint? outbound = null, inbound = null, atGateway = null;
        await Eventually.WaitUntilAsync(() =>
        {
            var requests = metrics.Points("mesh.requests");
            outbound = requests.FirstOrDefault(p => Is(p, "reporter", "source") && Is(p, "source_workload", "productpage")
                && Is(p, "destination_service_name", "details") && Is(p, "response_code", "200"));
            inbound = requests.FirstOrDefault(p => Is(p, "reporter", "destination") && Is(p, "destination_workload", "details")
                && Is(p, "source_workload", "productpage"));
            atGateway = requests.FirstOrDefault(p => Is(p, "reporter", "source") && Is(p, "source_workload", "gateway") && Is(p, "response_code", "200"));
            return Task.FromResult(outbound is not null && inbound is not null && atGateway is not null);
        }, cancel.Token, BookinfoFixture.PollInterval);

        // productpage's sidecar calling details.
        Assert.Equal("details.default.svc.cluster.local", outbound!.Attributes["destination_service"]);
        Assert.StartsWith(Spiffe, outbound.Attributes["source_principal"], StringComparison.Ordinal);
        Assert.StartsWith(Spiffe, outbound.Attributes["destination_principal"], StringComparison.Ordinal);
        Assert.Equal("productpage", outbound.Attributes["source_app"]);
        Assert.Equal("details", outbound.Attributes["destination_app"]);
        Assert.Equal("v1", outbound.Attributes["destination_version"]);
        Assert.Equal("Kubernetes", outbound.Attributes["destination_cluster"]);
        Assert.Equal("http", outbound.Attributes["request_protocol"]);
        Assert.Equal("unknown", outbound.Attributes["connection_security_policy"]);
        // details' sidecar, receiving it.
        Assert.Equal("mutual_tls", inbound!.Attributes["connection_security_policy"]);
        Assert.Equal(outbound.Attributes["source_principal"], inbound.Attributes["source_principal"]);
        Assert.Equal(outbound.Attributes["destination_principal"], inbound.Attributes["destination_principal"]);
        Assert.Equal("default", inbound.Attributes["source_workload_namespace"]);
        // The gateway names the service its route reached.
        Assert.Equal("productpage.default.svc.cluster.local", atGateway!.Attributes["destination_service"]);
        Assert.Equal("productpage", atGateway.Attributes["destination_workload"]);

        // The outbound series' histograms: exports come every few seconds, so the five pages may arrive in several.
        string[] histograms = ["mesh.request.duration", "mesh.request.size", "mesh.response.size"];
        var series = outbound.Attributes;
        bool SameSeries(IReadOnlyDictionary<string, string> attributes) => attributes.Count == series.Count
            && attributes.All(a => series.GetValueOrDefault(a.Key) == a.Value);
        await Eventually.WaitUntilAsync(
            () => Task.FromResult(histograms.All(h => metrics.Histograms(h).Any(p => SameSeries(p.Attributes) && p.Count >= 5))),
            cancel.Token, BookinfoFixture.PollInterval);
        foreach (var histogram in histograms)
        {
            var point = Assert.Single(metrics.Histograms(histogram), p => SameSeries(p.Attributes));
            Assert.True(point.Count >= 5, $"{histogram}: {point.Count} requests");
        }

        Assert.Contains(metrics.Histograms("mesh.response.size"), p => Is(p.Attributes, "source_workload", "gateway") && p.Sum > 1000);
    }

    [Fact]
    public async Task StatsPrometheus_OnASidecar_ServesIstiosNames()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var page = await fixture.ProductPage.GetAsync("/productpage", cancel.Token);
        using var admin = fixture.AdminClient("productpage-sidecar", "admin");

        var text = "";
        await Eventually.WaitUntilAsync(async () =>
        {
            text = await admin.GetStringAsync("/stats/prometheus", cancel.Token);
            return text.Contains("destination_service=\"reviews.default.svc.cluster.local\"", StringComparison.Ordinal);
        }, cancel.Token, BookinfoFixture.PollInterval);

        Assert.Contains("\nistio_requests_total{", text, StringComparison.Ordinal);
        Assert.Contains("\nistio_request_duration_milliseconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("reporter=\"source\"", text, StringComparison.Ordinal);
    }

    private static bool Is(CounterPoint point, string label, string value) => Is(point.Attributes, label, value);

    private static bool Is(IReadOnlyDictionary<string, string> attributes, string label, string value) => attributes.GetValueOrDefault(label) == value;
}

using System.Diagnostics.Metrics;
using System.Net;
using Mesh.ControlPlane.Telemetry;

namespace Mesh.ControlPlane.Tests.Api;

/// <summary>The control plane's meter for Prometheus: <c>/metrics</c>, and <c>/stats/prometheus</c> as on the sidecars.</summary>
public sealed class PrometheusScrapeTests
{
    [Theory]
    [InlineData("/metrics")]
    [InlineData("/stats/prometheus")]
    public async Task Scrape_ExposesTheControlPlaneMeter_InTheTextFormat(string path)
    {
        await using var host = await ControlPlaneHost.StartAsync();
        // A meter of the control plane's name: the scrape's meter provider takes every meter so named.
        using var meter = new Meter(ControlPlaneMetrics.MeterName);
        meter.CreateCounter<long>("mesh.test.scrapes", "{scrape}").Add(3);

        using var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\nmesh_test_scrapes_total{", "\n" + text, StringComparison.Ordinal);
        Assert.Contains("} 3", text, StringComparison.Ordinal);
        var index = await host.Client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains($"GET {path}\n", index, StringComparison.Ordinal);
    }
}

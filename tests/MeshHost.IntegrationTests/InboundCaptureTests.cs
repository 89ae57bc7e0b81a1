using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Mesh.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests;

/// <summary>
/// Inbound capture on Bookinfo: productpage's published address (its dashboard URL, <c>GetEndpoint</c>,
/// <c>CreateHttpClient</c>) leads to its sidecar, so a caller outside the mesh meets productpage's policies and is counted
/// in its metrics, while the AppHost's health checks reach the app itself and never fail for a policy.
/// </summary>
[Collection(BookinfoTestGroup.Name)]
public sealed class InboundCaptureTests(BookinfoFixture fixture, ITestOutputHelper output)
{
    private const string AllowNothingOnProductPage = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: allow-nothing-productpage
          namespace: default
        spec:
          selector:
            matchLabels:
              app: productpage
        """;

    [Fact]
    public async Task PublishedAddress_IsTheSidecars_AllowNothingDeniesIt_CountedInItsMetrics_HealthStaysGreen()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var mesh = new MeshChanges(fixture, output);
        using var direct = Loopback.CreateClient(fixture.App.GetEndpoint("productpage", "http"));

        var before = await InboundRequestsAsync(cancel.Token);
        using (var served = await direct.GetAsync("/productpage", cancel.Token))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        await Eventually.WaitUntilAsync(async () => await InboundRequestsAsync(cancel.Token) > before, cancel.Token, BookinfoFixture.PollInterval);

        await mesh.ApplyYamlAsync("allow-nothing-productpage", AllowNothingOnProductPage, cancel.Token);
        var applied = DateTime.UtcNow;
        using (var denied = await direct.GetAsync("/productpage", cancel.Token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Equal("RBAC: access denied", await denied.Content.ReadAsStringAsync(cancel.Token));
        }

        await AssertHealthCheckPassesAfterAsync("productpage", applied, cancel.Token);
    }

    [Fact]
    public async Task Strict_RefusesAPlainClientAtThePublishedAddress_MeshedTrafficAndHealthChecksGoOn()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var mesh = new MeshChanges(fixture, output);
        using var gateway = await fixture.GatewayClientAsync(cancel.Token);

        await mesh.ApplyAsync("peer-authentication-mesh-strict.yaml", cancel.Token);
        var applied = DateTime.UtcNow;
        using var plain = Loopback.CreateClient(fixture.App.GetEndpoint("details", "http"));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync("/details/0", cancel.Token));
        output.WriteLine($"plain text at details' published address under STRICT: {refused.Message}");

        // Through the ingress gateway the page is all meshed hops: mutual TLS, and details answers.
        var html = await gateway.GetStringAsync("/productpage", cancel.Token);
        Assert.DoesNotContain("Error fetching product details!", html, StringComparison.Ordinal);
        await AssertHealthCheckPassesAfterAsync("details", applied, cancel.Token);
    }

    private async Task<long> InboundRequestsAsync(CancellationToken cancellationToken)
    {
        using var admin = fixture.AdminClient("productpage-sidecar", MeshSidecarResource.AdminEndpointName);
        using var stats = JsonDocument.Parse(await admin.GetStringAsync("/stats", cancellationToken));
        return StatsReader.Requests(stats.RootElement, "inbound", "productpage");
    }

    /// <summary>Waits for a run of the AppHost's health check of <paramref name="resource"/> after <paramref name="since"/>, and asserts it passed.</summary>
    private async Task AssertHealthCheckPassesAfterAsync(string resource, DateTime since, CancellationToken cancellationToken)
    {
        HealthReportSnapshot? report = null;
        await Eventually.WaitUntilAsync(() =>
        {
            report = fixture.App.ResourceNotifications.TryGetCurrentState(resource, out var state)
                ? state.Snapshot.HealthReports.FirstOrDefault(r => r.LastRunAt > since)
                : null;
            return Task.FromResult(report is not null);
        }, cancellationToken, BookinfoFixture.PollInterval);
        output.WriteLine($"{resource} health check at {report!.LastRunAt:HH:mm:ss.fff}: {report.Status} {report.Description}");
        Assert.Equal(HealthStatus.Healthy, report.Status);
    }
}

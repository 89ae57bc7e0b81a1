using Mesh.Model.Protocol;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;
using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Telemetry;

/// <summary>
/// The mesh graph's edges as sidecars count them and report them every second: the destination's inbound side counts
/// what reached it (naming the verified caller, mutual TLS, denials), plain-text callers as <c>unknown</c>.
/// </summary>
public sealed class EdgeTelemetryTests
{
    [Fact]
    public async Task Reports_CarryTheCallersEdge_WithMutualTlsAndDenials_AndPlainTextCallersAsUnknown()
    {
        await using var mesh = await SecureMesh.StartAsync();
        var reviews = await mesh.AddAsync(SecureMesh.Callee);
        var productpage = await mesh.AddAsync(SecureMesh.Caller, callsReviews: true);
        await mesh.ApplyAsync(SecureMesh.DenyDeleteOnReviews);

        using (var allowed = await productpage.CallReviewsAsync())
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(productpage.Sidecar.Outbound(), "/reviews/0")))
        using (var denied = await productpage.Sidecar.Client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        using (var plain = await reviews.Sidecar.Client.GetAsync(new Uri(reviews.Sidecar.Inbound, "/reviews/0")))
        {
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        }

        var report = await mesh.ControlPlane.WaitForReportAsync(SecureMesh.Callee,
            r => r.Edges is { } edges && edges.Any(e => e.Source == SecureMesh.Caller && e.Requests == 2) && edges.Any(e => e.Source == "unknown"),
            "reviews' report with both edges");

        var fromProductpage = Assert.Single(report.Edges!, e => e.Source == SecureMesh.Caller);
        Assert.Equal(EdgeTelemetry.DestinationReporter, fromProductpage.Reporter);
        Assert.Equal("reviews", fromProductpage.DestinationService);
        Assert.Equal(SecureMesh.Callee, fromProductpage.DestinationWorkload);
        Assert.Equal(2, fromProductpage.MutualTls);
        Assert.Equal(1, fromProductpage.Denials);
        Assert.Equal(0, fromProductpage.Errors);
        Assert.Equal(2, fromProductpage.LatencyBuckets.Sum());
        Assert.Equal(EdgeTelemetry.LatencyBucketCount, fromProductpage.LatencyBuckets.Count);

        var fromOutside = Assert.Single(report.Edges!, e => e.Source == "unknown");
        Assert.Equal(1, fromOutside.Requests);
        Assert.Equal(0, fromOutside.MutualTls);
    }

    [Fact]
    public void Record_CountsFailuresAndRateLimits_AndBucketsTheLatency()
    {
        var edge = new EdgeStats(EdgeTelemetry.SourceReporter, "productpage-v1", "reviews", EdgeTelemetry.Unknown);

        edge.Record(503, ResponseFlag.NoHealthyUpstream, 0.5, mutualTls: false);
        edge.Record(429, ResponseFlag.RateLimited, 7, mutualTls: false);
        edge.Record(200, ResponseFlag.DelayInjected, 60_000, mutualTls: false);

        var read = edge.Read();
        Assert.Equal(3, read.Requests);
        Assert.Equal(1, read.Errors);
        Assert.Equal(1, read.RateLimited);
        Assert.Equal(1, read.LatencyBuckets[0]);
        Assert.Equal(1, read.LatencyBuckets[3]);
        Assert.Equal(1, read.LatencyBuckets[^1]);
    }

    [Fact]
    public void Resolve_PastTheCap_CountsNoNewEdge_SoReportsStayBounded()
    {
        var table = new EdgeTable();
        for (var i = 0; i < EdgeTelemetry.MaxEdgesPerReport; i++)
        {
            var edge = table.Resolve(EdgeTelemetry.DestinationReporter, $"caller-{i}", "reviews", "reviews-v1");
            Assert.NotNull(edge);
            edge.Record(200, ResponseFlag.None, 1, mutualTls: true);
        }

        Assert.Null(table.Resolve(EdgeTelemetry.DestinationReporter, "one-too-many", "reviews", "reviews-v1"));
        Assert.NotNull(table.Resolve(EdgeTelemetry.DestinationReporter, "caller-0", "reviews", "reviews-v1"));
        Assert.Equal(EdgeTelemetry.MaxEdgesPerReport, table.Read()!.Count);
    }
}

using System.Diagnostics;
using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Telemetry;

/// <summary>
/// The inbound sidecar's span (named after the workload's service and port, as Istio's inbound route), the identities
/// on both hops' spans, the policy that denied a request, and the sidecar's housekeeping kept out of the traces.
/// </summary>
public sealed class InboundSpanTests
{
    private const string Caller = "spiffe://cluster.local/ns/default/sa/bookinfo-productpage";
    private const string Callee = "spiffe://cluster.local/ns/default/sa/bookinfo-reviews";

    [Fact]
    public async Task MutualTlsHop_BothSpansNameThePeer_AndADenialNamesItsPolicy()
    {
        var collector = new SpanCollector();
        await using var mesh = await SecureMesh.StartAsync();
        var reviews = await mesh.AddAsync(SecureMesh.Callee, configure: collector.AttachTo);
        var productpage = await mesh.AddAsync(SecureMesh.Caller, callsReviews: true);
        await mesh.ApplyAsync(SecureMesh.DenyDeleteOnReviews);

        using (var trace = SpanCollector.StartTrace())
        {
            using var allowed = await productpage.CallReviewsAsync();
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            var spans = await collector.WaitForTraceAsync(trace.TraceId, s => s.Count(IsSidecarSpan) == 2);
            var outbound = Assert.Single(spans, s => IsSidecarSpan(s) && Equals(s.GetTagItem("mesh.reporter"), "source"));
            var inbound = Assert.Single(spans, s => IsSidecarSpan(s) && Equals(s.GetTagItem("mesh.reporter"), "destination"));
            Assert.Equal(Callee, outbound.GetTagItem("mesh.upstream_principal"));
            Assert.Equal(Caller, inbound.GetTagItem("mesh.downstream_principal"));
            Assert.Equal($"reviews.default.svc.cluster.local:{reviews.App.BaseAddress.Port}/*", inbound.DisplayName);
            Assert.Equal("reviews", inbound.GetTagItem("istio.canonical_service"));
            // One trace across the hop: the inbound span is a descendant of the outbound one, and the app's parent.
            Assert.Equal(outbound.TraceId, inbound.TraceId);
            Assert.Equal($"00-{inbound.TraceId}-{inbound.SpanId}-01", Assert.Single(reviews.App.Received).Headers.GetValueOrDefault("traceparent"));
        }

        using (var trace = SpanCollector.StartTrace())
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(productpage.Sidecar.Outbound(), "/reviews/0"));
            using var denied = await productpage.Sidecar.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            var spans = await collector.WaitForTraceAsync(trace.TraceId, s => s.Count(IsSidecarSpan) == 2);
            var inbound = Assert.Single(spans, s => IsSidecarSpan(s) && Equals(s.GetTagItem("mesh.reporter"), "destination"));
            Assert.Equal("default/deny-delete", inbound.GetTagItem("mesh.authz.denied_by"));
        }
    }

    [Fact]
    public async Task Housekeeping_AdminRequestsControlPlaneCallsAndAppProbes_AreNotTraced()
    {
        var collector = new SpanCollector();
        await using var mesh = await SecureMesh.StartAsync();
        // Its certificate is signed, its stream opened and its reports and app probes run while the collector listens.
        var reviews = await mesh.AddAsync(SecureMesh.Callee, configure: collector.AttachTo);
        var admin = reviews.Sidecar.Admin;
        // Sent in a sampled trace, so a span the sidecar made of them would be recorded, and found by its trace id.
        ActivityTraceId adminTrace;
        using (var trace = SpanCollector.StartTrace())
        {
            adminTrace = trace.TraceId;
            foreach (var path in new[] { "/stats", "/config", "/clusters", "/certs", "/healthz", "/readyz", "/" })
            {
                // Answered, whatever the status (/readyz is 503 until a snapshot comes).
                using var response = await reviews.Sidecar.Client.GetAsync(new Uri(admin, path));
            }
        }

        await mesh.ControlPlane.WaitForReportAsync(SecureMesh.Callee, r => r.AppServing, "the app probed serving");
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var spans = collector.Spans;
        Assert.Empty(collector.Trace(adminTrace));
        Assert.DoesNotContain(spans, s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("server.port"), admin.Port));
        Assert.DoesNotContain(spans, s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem("server.port"), mesh.ControlPlane.BaseAddress.Port));
        Assert.DoesNotContain(spans, s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem("server.port"), reviews.App.BaseAddress.Port));
    }

    private static bool IsSidecarSpan(Activity span) => span.Kind == ActivityKind.Server && span.GetTagItem("node_id") is not null;
}

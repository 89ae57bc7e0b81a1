using System.Diagnostics;
using Mesh.Sidecar.Telemetry;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Sidecar.Tests.Outbound.Logical;

namespace Mesh.Sidecar.Tests.Telemetry;

/// <summary>
/// The spans a sidecar exports for a request, as Envoy makes them: the request's span named after the route (Istio's
/// decorator) with the mesh's decisions as tags, and one span per try under it.
/// </summary>
public sealed class RequestSpanTests
{
    private static readonly string[] s_reviews = ["reviews-v1"];

    [Fact]
    public async Task RetriedRequest_HasOneSpanPerTry_UnderTheRouteNamedRequestSpan()
    {
        var collector = new SpanCollector();
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route("retries: {attempts: 3, retryOn: 5xx}"), s_reviews,
            configure: collector.AttachTo);
        mesh["reviews-v1"].Handler = Upstreams.FailFirst(2, StatusCodes.Status503ServiceUnavailable, "reviews-v1");
        using var trace = SpanCollector.StartTrace();
        var traceId = trace.TraceId;

        using var response = await mesh.GetAsync("/reviews/1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var spans = await collector.WaitForTraceAsync(traceId, s => s.Any(IsSidecarServerSpan) && s.Count(IsTry) >= 3);
        var request = Assert.Single(spans, IsSidecarServerSpan);
        Assert.Equal("reviews.default.svc.cluster.local:80/*", request.DisplayName);
        Assert.Equal("VirtualService default/reviews spec.http[0]", request.GetTagItem("mesh.route"));
        Assert.Equal("outbound|80||reviews.default.svc.cluster.local", request.GetTagItem("upstream_cluster"));
        Assert.Equal("-", request.GetTagItem("response_flags"));
        Assert.Equal("productpage", request.GetTagItem("istio.canonical_service"));
        Assert.Equal("default", request.GetTagItem("istio.namespace"));
        Assert.Equal("sidecar~127.0.0.1~productpage-v1.default~default.svc.cluster.local", request.GetTagItem("node_id"));
        Assert.Equal(Assert.Single(mesh["reviews-v1"].Received.Select(r => r.Headers["x-request-id"]).Distinct()), request.GetTagItem("guid:x-request-id"));
        // OpenTelemetry's HTTP tags, set by the sidecar itself (Telemetry/ServerSpan).
        Assert.Equal("GET", request.GetTagItem("http.request.method"));
        Assert.Equal("http", request.GetTagItem("url.scheme"));
        Assert.Equal("/reviews/1", request.GetTagItem("url.path"));
        Assert.IsType<int>(request.GetTagItem("server.port"));
        Assert.Equal("1.1", request.GetTagItem("network.protocol.version"));
        Assert.Equal(200, request.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, request.Status);

        var tries = spans.Where(IsTry).OrderBy(s => (int)s.GetTagItem("mesh.attempt")!).ToList();
        Assert.Equal([1, 2, 3], tries.Select(s => (int)s.GetTagItem("mesh.attempt")!));
        Assert.Equal(["retry", "retry", "done"], tries.Select(s => (string)s.GetTagItem("mesh.attempt.outcome")!));
        Assert.Equal([503, 503, 200], tries.Select(s => (int)s.GetTagItem("http.status_code")!));
        Assert.Equal([null, 1, 2], tries.Select(s => (int?)s.GetTagItem("retry.count")));
        Assert.All(tries, t =>
        {
            Assert.Equal(request.SpanId, t.ParentSpanId);
            Assert.Equal("router outbound|80||reviews.default.svc.cluster.local egress", t.DisplayName);
            // A try is the hop's client span and names its server, as OpenTelemetry's client spans do.
            Assert.Equal(ActivityKind.Client, t.Kind);
            Assert.Equal(mesh["reviews-v1"].BaseAddress.Host, t.GetTagItem("server.address"));
            Assert.Equal(mesh["reviews-v1"].BaseAddress.Port, t.GetTagItem("server.port"));
        });
        // Each try carried the trace on, as the upstream's parent (Primitives/SpanHeaders): the sidecar's sends start no span
        // of their own, whoever listens to HttpClient's spans in this process. (DashboardTracesTests checks it on real processes.)
        Assert.Equal(tries.Select(t => $"00-{traceId}-{t.SpanId}-01"), mesh["reviews-v1"].Received.Select(r => r.Headers.GetValueOrDefault("traceparent")));
    }

    [Fact]
    public async Task RequestAnswered5xx_MarksTheRequestSpanFailed()
    {
        var collector = new SpanCollector();
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route("retries: {attempts: 1, retryOn: 5xx}"), s_reviews,
            configure: collector.AttachTo);
        mesh["reviews-v1"].Handler = Upstreams.FailFirst(10, StatusCodes.Status503ServiceUnavailable, "reviews-v1");
        using var trace = SpanCollector.StartTrace();

        using var response = await mesh.GetAsync("/reviews/1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var spans = await collector.WaitForTraceAsync(trace.TraceId, s => s.Any(IsSidecarServerSpan));
        var request = Assert.Single(spans, IsSidecarServerSpan);
        Assert.Equal(503, request.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, request.Status);
    }

    [Fact]
    public async Task SpanName_TakesTheMatchedPathAndTheDestinationPort_TagsSubsetAndFault()
    {
        var collector = new SpanCollector();
        const string yaml = RoutingMesh.ReviewsSubsets + """

            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts:
              - reviews
              http:
              - name: delayed
                match:
                - uri:
                    prefix: /reviews
                fault:
                  delay:
                    fixedDelay: 10ms
                    percentage:
                      value: 100
                route:
                - destination:
                    host: reviews
                    subset: v2
                    port:
                      number: 9080
            """;
        await using var mesh = await RoutingMesh.StartAsync(yaml, ["reviews-v1", "reviews-v2"], configure: collector.AttachTo);
        using var trace = SpanCollector.StartTrace();
        var traceId = trace.TraceId;

        using var response = await mesh.GetAsync("/reviews/1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(await collector.WaitForTraceAsync(traceId, s => s.Any(IsSidecarServerSpan)), IsSidecarServerSpan);
        Assert.Equal("reviews.default.svc.cluster.local:9080/reviews*", request.DisplayName);
        Assert.Equal("delayed", request.GetTagItem("mesh.route.name"));
        Assert.Equal("v2", request.GetTagItem("mesh.subset"));
        Assert.Equal("outbound|9080|v2|reviews.default.svc.cluster.local", request.GetTagItem("upstream_cluster"));
        Assert.Equal(10d, request.GetTagItem("mesh.fault.delay_ms"));
        Assert.Null(request.GetTagItem("mesh.fault.abort"));
        Assert.Equal("DI", request.GetTagItem("response_flags"));
    }

    [Fact]
    public async Task MirroredCopy_HasASpanOfItsOwn()
    {
        var collector = new SpanCollector();
        const string yaml = RoutingMesh.ReviewsSubsets + """

            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts:
              - reviews
              http:
              - route:
                - destination:
                    host: reviews
                    subset: v1
                mirror:
                  host: reviews
                  subset: v2
            """;
        await using var mesh = await RoutingMesh.StartAsync(yaml, ["reviews-v1", "reviews-v2"], configure: collector.AttachTo);
        using var trace = SpanCollector.StartTrace();
        var traceId = trace.TraceId;

        using var response = await mesh.GetAsync("/reviews/1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var spans = await collector.WaitForTraceAsync(traceId, s => s.Any(IsSidecarServerSpan) && s.Any(IsMirror));
        var mirror = Assert.Single(spans, IsMirror);
        Assert.Equal(200, mirror.GetTagItem("http.status_code"));
        Assert.Equal("mirror", mirror.GetTagItem("mesh.attempt.outcome"));
        Assert.Equal(Assert.Single(spans, IsSidecarServerSpan).SpanId, mirror.ParentSpanId);
        Assert.Single(spans, IsTry);
    }

    private static bool IsSidecarServerSpan(Activity span) => span.Kind == ActivityKind.Server && span.GetTagItem("node_id") is not null;

    private static bool IsTry(Activity span) => span.Source.Name == AttemptSpan.SourceName && span.GetTagItem("mesh.attempt") is not null;

    private static bool IsMirror(Activity span) => span.Source.Name == AttemptSpan.SourceName && span.GetTagItem("mesh.mirror") is true;
}

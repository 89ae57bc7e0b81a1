using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Telemetry;

/// <summary>
/// The access log (<c>Mesh:AccessLog</c>): one line per request in Envoy's default format, its fields as structured
/// properties, replacing the flag log's line for the same request; off by default.
/// </summary>
public sealed class AccessLogTests
{
    private static readonly Dictionary<string, string> s_accessLogOn = new(StringComparer.Ordinal) { ["AccessLog"] = "true" };

    [Fact]
    public async Task AccessLog_On_WritesOneEnvoyFormatLinePerRequestOnEachHop()
    {
        await using var mesh = await SecureMesh.StartAsync();
        var reviews = await mesh.AddAsync(SecureMesh.Callee, extraSettings: s_accessLogOn);
        var productpage = await mesh.AddAsync(SecureMesh.Caller, callsReviews: true, extraSettings: s_accessLogOn);
        await mesh.ApplyAsync("");

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(productpage.Sidecar.Outbound(), "/reviews/0?x=1"))
        {
            Content = new StringContent("12345"),
        };
        request.Headers.TryAddWithoutValidation("x-request-id", "req-1");
        request.Headers.TryAddWithoutValidation("user-agent", "test-agent");
        using var response = await productpage.Sidecar.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var outbound = await LineAsync(productpage.Sidecar);
        Assert.Matches("""^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] "POST /reviews/0\?x=1 HTTP/1\.1" 200 - 5 10 \d+ - "-" "test-agent" "req-1" "reviews" "127\.0\.0\.1:\d+" reviews\.default\|? -$""",
            outbound.Message);
        var fields = outbound.State;
        Assert.Equal("POST", fields["Method"]);
        Assert.Equal("/reviews/0?x=1", fields["Path"]);
        Assert.Equal(200, fields["ResponseCode"]);
        Assert.Equal(5L, fields["BytesReceived"]);
        Assert.Equal((long)SecureMesh.Callee.Length, fields["BytesSent"]);
        Assert.Equal("req-1", fields["RequestId"]);
        Assert.Equal("reviews.default|", fields["UpstreamCluster"]);

        var inbound = await LineAsync(reviews.Sidecar);
        Assert.Equal("POST", inbound.State["Method"]);
        Assert.Equal("req-1", inbound.State["RequestId"]);
        Assert.StartsWith("inbound|", (string?)inbound.State["UpstreamCluster"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessLog_On_AFlaggedRequestGetsOneLine_NotTheFlagLogsToo()
    {
        await using var mesh = await SecureMesh.StartAsync();
        await mesh.AddAsync(SecureMesh.Callee);
        var productpage = await mesh.AddAsync(SecureMesh.Caller, callsReviews: true, extraSettings: s_accessLogOn);
        await mesh.ApplyAsync(Outbound.Logical.RetryAndTimeoutTests.Route("fault: {abort: {httpStatus: 503, percentage: {value: 100}}}"));

        using var response = await productpage.CallReviewsAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);

        var line = await LineAsync(productpage.Sidecar);
        Assert.Equal("FI", line.State["ResponseFlags"]);
        Assert.Empty(productpage.Sidecar.Logs.Matching("503 FI ("));
    }

    [Fact]
    public async Task AccessLog_Off_WritesNoLinePerRequest_AndTheFlagLogStays()
    {
        await using var mesh = await SecureMesh.StartAsync();
        await mesh.AddAsync(SecureMesh.Callee);
        var productpage = await mesh.AddAsync(SecureMesh.Caller, callsReviews: true);
        await mesh.ApplyAsync(Outbound.Logical.RetryAndTimeoutTests.Route("fault: {abort: {httpStatus: 503, percentage: {value: 100}}}"));

        using var response = await productpage.CallReviewsAsync();

        Assert.Single(productpage.Sidecar.Logs.Matching("503 FI ("));
        Assert.DoesNotContain(productpage.Sidecar.Logs.Lines, l => l.EventId.Id == 303);
    }

    private static async Task<LogLine> LineAsync(SidecarHost sidecar)
    {
        LogLine? line = null;
        await Eventually.WaitUntilAsync(() => (line = sidecar.Logs.Lines.SingleOrDefault(l => l.EventId.Id == 303)) is not null, "an access log line");
        return line!;
    }
}

using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Outbound.Logical;

/// <summary>
/// Durations Istio accepts but .NET's timers cannot take (<c>1200h</c> is 50 days, past <c>CancelAfter</c>'s 49.7) act as
/// the longest the runtime takes, as Envoy clamps its timers: never an overflow, never a 500.
/// </summary>
public sealed class LongDurationTests
{
    private static readonly string[] s_reviews = ["reviews-v1"];

    [Theory]
    [InlineData("timeout: 1200h")]
    [InlineData("timeout: 2562047h")]
    [InlineData("retries: {attempts: 2, perTryTimeout: 1200h, retryOn: 5xx}")]
    public async Task Route_TimeoutLongerThanTheRuntimesTimers_Forwards(string field)
    {
        await using var mesh = await RoutingMesh.StartAsync(Route(field), s_reviews);

        using var response = await mesh.GetAsync("/reviews/1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("reviews-v1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Route_DelayLongerThanTheRuntimesTimers_WaitsInsteadOfFailing()
    {
        await using var mesh = await RoutingMesh.StartAsync(Route("fault: {delay: {fixedDelay: 1200h, percentage: {value: 100}}}"), s_reviews);
        using var gaveUp = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var waiting = mesh.SendAsync(HttpMethod.Get, "/reviews/1", null, gaveUp.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Empty(mesh["reviews-v1"].Received);
        // Neither an overflow nor a 500: the status as the response-flag log writes it (a bare "500" also matched the
        // "Now listening on" line of a port such as 35001, failing the test once).
        Assert.DoesNotContain(mesh.Sidecar.Logs.Lines, l => l.Exception is ArgumentOutOfRangeException);
        Assert.Empty(mesh.Sidecar.Logs.Matching(": 500 "));
    }

    [Fact]
    public async Task Cluster_OutlierTimesLongerThanTheRuntimesTimers_EjectWithoutOverflow()
    {
        await using var mesh = await RoutingMesh.StartAsync(RoutingMesh.ReviewsSubsets.Replace("""
              host: reviews
            """, """
              host: reviews
              trafficPolicy:
                outlierDetection: {consecutive5xxErrors: 1, interval: 2562047h, baseEjectionTime: 2562047h, maxEjectionPercent: 100}
            """, StringComparison.Ordinal), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.Always(StatusCodes.Status500InternalServerError);

        using (var failed = await mesh.GetAsync("/reviews/1"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        using var ejected = await mesh.GetAsync("/reviews/1");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "UH"), (ejected.StatusCode, RoutingMesh.Flag(ejected)));
    }

    private static string Route(string field) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - {field}
            route:
            - destination:
                host: reviews
        """;
}

using System.Diagnostics;
using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Outbound.Logical;

/// <summary>VirtualService <c>fault</c> (abort, delay, percentages) and the opt-in header-requested faults.</summary>
public sealed class FaultInjectionTests
{
    private static readonly string[] s_reviews = ["reviews-v1"];

    private static readonly Dictionary<string, string> s_faultHeaders = new() { ["FaultHeaders"] = "true" };

    [Fact]
    public async Task Abort100Percent_Returns500FaultInjectedWithoutCallingTheApp()
    {
        await using var mesh = await RoutingMesh.StartAsync(Fault("abort: {httpStatus: 500, percentage: {value: 100}}"), s_reviews);

        for (var i = 0; i < 5; i++)
        {
            using var response = await mesh.GetAsync("/reviews/1");
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Equal("FI", RoutingMesh.Flag(response));
            Assert.Equal("fault filter abort", await response.Content.ReadAsStringAsync());
        }

        Assert.Empty(mesh["reviews-v1"].Received);
        Assert.Equal(5, mesh.ReviewsStats().ResponseFlags["FI"]);
    }

    [Fact]
    public async Task Delay100Percent_DelaysThenForwards()
    {
        await using var mesh = await RoutingMesh.StartAsync(Fault("delay: {fixedDelay: 1s, percentage: {value: 100}}"), s_reviews);

        var started = Stopwatch.GetTimestamp();
        using var response = await mesh.GetAsync("/reviews/1");
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("reviews-v1", await response.Content.ReadAsStringAsync());
        Assert.True(elapsed >= TimeSpan.FromSeconds(0.95), $"answered after {elapsed}");
        Assert.Single(mesh["reviews-v1"].Received);

        // The answer is the app's, so the flag shows in the sidecar's counters rather than on the response.
        Assert.Equal(1, mesh.ReviewsStats().ResponseFlags["DI"]);
    }

    [Fact]
    public async Task Abort50Percent_AbortsAboutHalfWithinBinomialTolerance()
    {
        const int Requests = 200;
        await using var mesh = await RoutingMesh.StartAsync(Fault("abort: {httpStatus: 503, percentage: {value: 50}}"), s_reviews);

        var aborted = 0;
        for (var i = 0; i < Requests; i++)
        {
            using var response = await mesh.GetAsync();
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.Equal("FI", RoutingMesh.Flag(response));
                aborted++;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        // Binomial(200, 0.5): sigma 7.07; 4.5 sigma either side is 68..132.
        Assert.InRange(aborted, 68, 132);
        Assert.Equal(Requests - aborted, mesh["reviews-v1"].Received.Count);
    }

    [Fact]
    public async Task FaultWithMatch_OnlyFaultsMatchingRequests()
    {
        // Istio's virtual-service-ratings-test-abort.yaml shape: jason gets the fault, everyone else the app.
        const string Yaml = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts:
              - reviews
              http:
              - match:
                - headers:
                    end-user:
                      exact: jason
                fault:
                  abort:
                    percentage:
                      value: 100.0
                    httpStatus: 500
                route:
                - destination:
                    host: reviews
              - route:
                - destination:
                    host: reviews
            """;
        await using var mesh = await RoutingMesh.StartAsync(Yaml, s_reviews);

        using var jason = await mesh.GetAsync("/", ("end-user", "jason"));
        using var other = await mesh.GetAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, jason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Single(mesh["reviews-v1"].Received);
    }

    [Fact]
    public async Task AbortHeader_WithoutFaultHeadersSetting_IsIgnored()
    {
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route("timeout: 30s"), s_reviews);

        using var response = await mesh.GetAsync("/", ("x-mesh-fault-abort", "503"), ("x-mesh-fault-delay", "2s"));

        // Neither aborted nor delayed: the app answered, and the counters show no DI.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(mesh["reviews-v1"].Received);
        Assert.Null(RoutingMesh.Flag(response));
        Assert.False(mesh.ReviewsStats().ResponseFlags.ContainsKey("DI"));
    }

    [Fact]
    public async Task AbortHeader_WithFaultHeadersSetting_Aborts()
    {
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route("timeout: 30s"), s_reviews, s_faultHeaders);

        using var response = await mesh.GetAsync("/", ("x-mesh-fault-abort", "503"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("FI", RoutingMesh.Flag(response));
        Assert.Empty(mesh["reviews-v1"].Received);
    }

    [Fact]
    public async Task DelayHeader_WithFaultHeadersSetting_Delays()
    {
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route("timeout: 30s"), s_reviews, s_faultHeaders);

        var started = Stopwatch.GetTimestamp();
        using var response = await mesh.GetAsync("/", ("x-mesh-fault-delay", "500ms"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromSeconds(0.45));
        Assert.Equal(1, mesh.ReviewsStats().ResponseFlags["DI"]);
    }

    [Fact]
    public async Task DelayAndAbort_DelaysBeforeAborting()
    {
        await using var mesh = await RoutingMesh.StartAsync(
            Fault("delay: {fixedDelay: 1s, percentage: {value: 100}}\n      abort: {httpStatus: 500, percentage: {value: 100}}"), s_reviews);

        var started = Stopwatch.GetTimestamp();
        using var response = await mesh.GetAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromSeconds(0.95));
    }

    private static string Fault(string fault) => $"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - fault:
              {fault}
            route:
            - destination:
                host: reviews
        """;
}

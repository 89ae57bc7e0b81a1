using System.Diagnostics;
using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Outbound.Logical;

/// <summary>VirtualService <c>retries</c> and <c>timeout</c>, against one upstream workload that fails or answers slowly.</summary>
public sealed class RetryAndTimeoutTests
{
    private static readonly string[] s_reviews = ["reviews-v1"];

    [Fact]
    public async Task Retries5xx_TwoFailuresThenSuccess_CallerSees200()
    {
        await using var mesh = await RoutingMesh.StartAsync(Route("retries: {attempts: 3, retryOn: 5xx}"), s_reviews);
        var app = mesh["reviews-v1"];
        app.Handler = Upstreams.FailFirst(2, StatusCodes.Status503ServiceUnavailable, "reviews-v1");

        using var response = await mesh.GetAsync("/reviews/1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("reviews-v1", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, app.Received.Count);
        Assert.All(app.Received, r => Assert.Equal("/reviews/1", r.PathAndQuery));

        // The tries are one request: the same x-request-id each time.
        Assert.Single(app.Received.Select(r => r.Headers["x-request-id"]).Distinct());
    }

    [Fact]
    public async Task Retries5xx_AlwaysFailing_StopsAfterAttemptsWithTheLastAnswer()
    {
        await using var mesh = await RoutingMesh.StartAsync(Route("retries: {attempts: 2, retryOn: 5xx}"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.Always(StatusCodes.Status503ServiceUnavailable);

        using var response = await mesh.GetAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, mesh["reviews-v1"].Received.Count);
    }

    [Fact]
    public async Task AttemptsZero_DoesNotRetry()
    {
        await using var mesh = await RoutingMesh.StartAsync(Route("retries: {attempts: 0}"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.FailFirst(1, StatusCodes.Status503ServiceUnavailable, "reviews-v1");

        using var response = await mesh.GetAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(mesh["reviews-v1"].Received);
    }

    [Theory]
    [InlineData(StatusCodes.Status500InternalServerError, 1)]
    [InlineData(StatusCodes.Status502BadGateway, 2)]
    [InlineData(StatusCodes.Status503ServiceUnavailable, 2)]
    [InlineData(StatusCodes.Status504GatewayTimeout, 2)]
    public async Task GatewayError_RetriesOnly502To504(int status, int expectedTries)
    {
        await using var mesh = await RoutingMesh.StartAsync(Route("retries: {attempts: 3, retryOn: gateway-error}"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.FailFirst(1, status, "reviews-v1");

        using var response = await mesh.GetAsync();

        Assert.Equal(expectedTries == 1 ? (HttpStatusCode)status : HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedTries, mesh["reviews-v1"].Received.Count);
    }

    [Fact]
    public async Task RetriableStatusCodes_RetryOnlyThoseCodes()
    {
        await using var mesh = await RoutingMesh.StartAsync(Route("retries: {attempts: 3, retryOn: \"retriable-status-codes,409\"}"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.FailFirst(1, StatusCodes.Status409Conflict, "reviews-v1");

        Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync());
        Assert.Equal(2, mesh["reviews-v1"].Received.Count);
    }

    [Fact]
    public async Task PostWithBody_IsNotRetried()
    {
        await using var mesh = await RoutingMesh.StartAsync(Route("retries: {attempts: 3, retryOn: 5xx}"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.FailFirst(1, StatusCodes.Status503ServiceUnavailable, "reviews-v1");

        using var body = new StringContent("""{"rating": 5}""");
        using var response = await mesh.SendAsync(HttpMethod.Post, "/ratings/1", body, CancellationToken.None);

        // The body streams to the first try and cannot be sent again (Envoy would buffer and replay it).
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("POST", Assert.Single(mesh["reviews-v1"].Received).Method);
    }

    [Fact]
    public async Task RouteTimeout_SlowUpstream_Returns504UpstreamTimeout()
    {
        await using var mesh = await RoutingMesh.StartAsync(Route("timeout: 0.5s"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.Slow(TimeSpan.FromSeconds(3), "reviews-v1");

        var started = Stopwatch.GetTimestamp();
        using var response = await mesh.GetAsync();
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("UT", RoutingMesh.Flag(response));
        Assert.Equal("upstream request timeout", await response.Content.ReadAsStringAsync());
        Assert.True(elapsed >= TimeSpan.FromSeconds(0.45), $"answered after {elapsed}, before the timeout");
        Assert.True(elapsed < TimeSpan.FromSeconds(2.5), $"answered after {elapsed}: the timeout did not cut the request");
    }

    [Fact]
    public async Task PerTryTimeout_SlowFirstTry_RetriesAndSucceeds()
    {
        await using var mesh = await RoutingMesh.StartAsync(Route("retries: {attempts: 2, perTryTimeout: 0.3s, retryOn: 5xx}"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.SlowFirst(1, TimeSpan.FromSeconds(10), "reviews-v1");

        var started = Stopwatch.GetTimestamp();
        Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync());

        Assert.Equal(2, mesh["reviews-v1"].Received.Count);
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromSeconds(0.25));
    }

    [Theory]
    [InlineData("reset", 2)]
    [InlineData("gateway-error", 2)]
    [InlineData("connect-failure", 1)]
    [InlineData("504", 1)]
    public async Task PerTryTimeout_IsRetriedAsTheResetEnvoyMakesIt(string retryOn, int tries)
    {
        // Envoy resets a try whose per-try timeout fires: reset, 5xx and gateway-error retry it; a status code does not.
        await using var mesh = await RoutingMesh.StartAsync(Route($"retries: {{attempts: 1, perTryTimeout: 0.3s, retryOn: \"{retryOn}\"}}"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.SlowFirst(1, TimeSpan.FromSeconds(10), "reviews-v1");

        using var response = await mesh.GetAsync();

        Assert.Equal(tries == 2 ? HttpStatusCode.OK : HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(tries, mesh["reviews-v1"].Received.Count);
    }

    [Fact]
    public async Task PerTryTimeout_EveryTrySlow_TriesAttemptsPlusOneThen504()
    {
        await using var mesh = await RoutingMesh.StartAsync(Route("retries: {attempts: 2, perTryTimeout: 0.3s, retryOn: 5xx}"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.Slow(TimeSpan.FromSeconds(10), "reviews-v1");

        using var response = await mesh.GetAsync();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("UT", RoutingMesh.Flag(response));
        Assert.Equal(3, mesh["reviews-v1"].Received.Count);
    }

    [Fact]
    public async Task RouteTimeout_BoundsRetriesToo()
    {
        await using var mesh = await RoutingMesh.StartAsync(Route("timeout: 1s\n    retries: {attempts: 50, perTryTimeout: 0.2s, retryOn: 5xx}"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.Slow(TimeSpan.FromSeconds(10), "reviews-v1");

        var started = Stopwatch.GetTimestamp();
        using var response = await mesh.GetAsync();
        var elapsed = Stopwatch.GetElapsedTime(started);

        // The route's timeout covers every try: Envoy answers 504 UT when it runs out, whatever attempts remain.
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("UT", RoutingMesh.Flag(response));
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"answered after {elapsed}");

        // Tries of 0.2 s in 1 s: a handful, never all 51.
        Assert.InRange(mesh["reviews-v1"].Received.Count, 2, 6);
    }

    /// <summary>One route to every reviews endpoint, with <paramref name="settings"/> (e.g. <c>timeout: 1s</c>) in it.</summary>
    internal static string Route(string settings) => $"""
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
            {settings}
        """;
}

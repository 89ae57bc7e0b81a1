using System.Collections.Concurrent;
using Mesh.Sidecar.Outbound.Concrete;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Sidecar.Tests.Outbound.Logical;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Outbound.Concrete;

/// <summary>
/// The retry budget (<see cref="RetryBudget"/>): concurrent retries to a cluster are capped at max(3, 20% of its
/// active requests), or at <c>connectionPool.http.maxRetries</c>, so retries cannot multiply an outage.
/// </summary>
public sealed class RetryBudgetRoutingTests
{
    private const int Requests = 20;
    private const int Attempts = 3;

    private static readonly string[] s_reviews = ["reviews-v1"];

    [Fact]
    public async Task FailingUpstream_ManyConcurrentRequests_ConcurrentRetriesStayWithinTheBudget()
    {
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route($"retries: {{attempts: {Attempts}, retryOn: 5xx}}"), s_reviews);
        var app = mesh["reviews-v1"];
        var tries = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var originals = 0;
        var retriesHeld = 0;
        var allOriginalsArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseRetries = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Every first try waits until all 20 have arrived, so they fail together with 20 requests active; every
        // retry is held until the test has counted them. A try is a retry when its x-request-id came before.
        app.Handler = async (context, _) =>
        {
            var id = context.Request.Headers["x-request-id"].ToString();
            if (tries.AddOrUpdate(id, 1, (_, n) => n + 1) == 1)
            {
                if (Interlocked.Increment(ref originals) == Requests)
                {
                    allOriginalsArrived.TrySetResult();
                }

                await allOriginalsArrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
            else
            {
                Interlocked.Increment(ref retriesHeld);
                await releaseRetries.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }

            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        };

        var completed = 0;
        var calls = Enumerable.Range(0, Requests).Select(async _ =>
        {
            using var response = await mesh.GetAsync();
            Interlocked.Increment(ref completed);
            return response.StatusCode;
        }).ToList();

        // Requests refused a retry answer at once with the upstream's 503; the others wait in the app.
        await Eventually.WaitUntilAsync(
            () => Volatile.Read(ref retriesHeld) > 0 && Volatile.Read(ref completed) + Volatile.Read(ref retriesHeld) == Requests,
            "every request has either answered or has its retry held by the app");

        // With 20 requests active the cap is max(3, 20% × 20) = 4, and 3 are always allowed.
        Assert.InRange(Volatile.Read(ref retriesHeld), RetryBudget.MinRetryConcurrency, Requests * RetryBudget.BudgetPercent / 100);
        releaseRetries.TrySetResult();

        var statuses = await Task.WhenAll(calls);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        Assert.InRange(app.Received.Count, Requests + RetryBudget.MinRetryConcurrency, Requests * (1 + Attempts));
        var budget = mesh.Cluster("reviews.default|").RetryBudget;
        Assert.True(budget.Overflows >= Requests - 4, $"{budget.Overflows} retries refused");
        await Eventually.WaitUntilAsync(() => budget.Active == 0, "every retry has ended");
    }

    [Fact]
    public async Task FailingUpstream_SequentialRequests_RetryEveryAttempt()
    {
        // A quiet cluster may always retry (min_retry_concurrency 3): one request at a time uses all its attempts.
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route($"retries: {{attempts: {Attempts}, retryOn: 5xx}}"), s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.Always(StatusCodes.Status503ServiceUnavailable);

        for (var i = 0; i < 5; i++)
        {
            using var response = await mesh.GetAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        Assert.Equal(5 * (1 + Attempts), mesh["reviews-v1"].Received.Count);
        Assert.Equal(0, mesh.Cluster("reviews.default|").RetryBudget.Overflows);
    }

    [Fact]
    public async Task MaxRetriesOne_SequentialRequest_RetriesUpToAttempts()
    {
        const string Policy = """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
            spec:
              host: reviews
              trafficPolicy:
                connectionPool:
                  http:
                    maxRetries: 1
            """;
        await using var mesh = await RoutingMesh.StartAsync(
            RetryAndTimeoutTests.Route($"retries: {{attempts: {Attempts}, retryOn: 5xx}}") + "\n---\n" + Policy, s_reviews);
        mesh["reviews-v1"].Handler = Upstreams.Always(StatusCodes.Status503ServiceUnavailable);

        using var response = await mesh.GetAsync();

        // One retry outstanding at a time is enough for one request to use all its attempts one after another.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1 + Attempts, mesh["reviews-v1"].Received.Count);
    }

    [Fact]
    public async Task CallerGoesAwayDuringRetry_ReleasesTheRetry()
    {
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route("retries: {attempts: 1, retryOn: 5xx}"), s_reviews);
        var app = mesh["reviews-v1"];
        app.Handler = (context, number) => number == 1
            ? Upstreams.Always(StatusCodes.Status503ServiceUnavailable)(context, number)
            : Upstreams.Slow(TimeSpan.FromSeconds(30), "reviews-v1")(context, number);
        using var leave = new CancellationTokenSource();

        var call = mesh.SendAsync(HttpMethod.Get, "/", null, leave.Token);
        await Eventually.WaitUntilAsync(() => app.Received.Count == 2, "the retry reaches the app");
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        var budget = mesh.Cluster("reviews.default|").RetryBudget;
        await Eventually.WaitUntilAsync(() => budget.Active == 0, "the abandoned retry has ended", TimeSpan.FromSeconds(10));
    }
}

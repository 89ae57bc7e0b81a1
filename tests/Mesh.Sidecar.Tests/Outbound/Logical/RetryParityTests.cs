using Mesh.Sidecar.Tests.Harness;
namespace Mesh.Sidecar.Tests.Outbound.Logical;

/// <summary>
/// Retry details where Istio's defaults go beyond attempts and conditions: which host a retry goes to, and the
/// flag that tells an exhausted retry apart from a plain upstream error.
/// </summary>
public sealed class RetryParityTests
{
    private static readonly string[] s_reviews = ["reviews-v1", "reviews-v2"];

    private const string HashOnUser = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            loadBalancer:
              consistentHash:
                httpHeaderName: x-user
        """;

    private const string RoundRobin = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            loadBalancer:
              simple: ROUND_ROBIN
        """;

    [Fact]
    public async Task RoundRobin_RetryOfAFailingEndpoint_ReachesTheOther()
    {
        await using var mesh = await RoutingMesh.StartAsync(
            RetryAndTimeoutTests.Route("retries: {attempts: 1, retryOn: 5xx}") + "\n---\n" + RoundRobin, s_reviews);
        mesh["reviews-v2"].Handler = Upstreams.Always(StatusCodes.Status503ServiceUnavailable);

        // Round robin moves on for the retry, so every request ends on the healthy endpoint.
        var counts = await mesh.CountAsync(20);

        Assert.Equal(20, counts["reviews-v1"]);
        Assert.NotEmpty(mesh["reviews-v2"].Received);
    }

    [Fact]
    public async Task ConsistentHash_RetryAvoidsThePreviousHost()
    {
        await using var mesh = await RoutingMesh.StartAsync(
            RetryAndTimeoutTests.Route("retries: {attempts: 2, retryOn: 5xx}") + "\n---\n" + HashOnUser, s_reviews);
        var owner = await mesh.WhoAnswersAsync("/", ("x-user", "jason"));
        var other = s_reviews.Single(w => w != owner);
        mesh[owner].Handler = Upstreams.Always(StatusCodes.Status503ServiceUnavailable);

        using var response = await mesh.GetAsync("/", ("x-user", "jason"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(other, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RetriesExhaustedOnStatus_AreFlaggedURX()
    {
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route("retries: {attempts: 2, retryOn: 5xx}"), ["reviews-v1"]);
        mesh["reviews-v1"].Handler = Upstreams.Always(StatusCodes.Status503ServiceUnavailable);

        using var response = await mesh.GetAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, mesh.ReviewsStats().ResponseFlags.GetValueOrDefault("URX"));
    }
}

using Mesh.Sidecar.Tests.Harness;
namespace Mesh.Sidecar.Tests.Inbound.RateLimiting;

/// <summary>
/// A LocalRateLimit with <c>perSource: true</c> on reviews keys its buckets by the caller's verified identity (from
/// mutual TLS), so one caller exhausting its bucket leaves another's untouched.
/// </summary>
public sealed class PerSourceRateLimitTests
{
    private const string TwoPerHourPerCaller = """
        apiVersion: mesh.dev/v1alpha1
        kind: LocalRateLimit
        metadata:
          name: reviews-per-caller
        spec:
          selector:
            matchLabels:
              app: reviews
          perSource: true
          tokenBucket:
            maxTokens: 2
            tokensPerFill: 2
            fillInterval: 1h
        """;

    [Fact]
    public async Task PerSource_CallerExhaustingItsBucket_LeavesOtherCallersBucketFull()
    {
        await using var mesh = await SecureMesh.StartAsync();
        var reviews = await mesh.AddAsync(SecureMesh.Callee);
        var productpage = await mesh.AddAsync("productpage-v1", callsReviews: true);
        var details = await mesh.AddAsync("details-v1", callsReviews: true);
        await mesh.ApplyAsync(TwoPerHourPerCaller);

        var fromProductpage = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await productpage.CallReviewsAsync();
            fromProductpage.Add(response.StatusCode);
        }

        var fromDetails = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await details.CallReviewsAsync();
            fromDetails.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], fromProductpage);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], fromDetails);
        Assert.Equal(4, reviews.App.Received.Count);
        Assert.Equal(2, reviews.App.Received.Count(r => r.Headers["x-forwarded-client-cert"].EndsWith("/sa/bookinfo-productpage", StringComparison.Ordinal)));
        Assert.Equal(2, reviews.App.Received.Count(r => r.Headers["x-forwarded-client-cert"].EndsWith("/sa/bookinfo-details", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PerSource_PlainTextCallersShareOneBucket_MeshedCallerKeepsItsOwn()
    {
        await using var mesh = await SecureMesh.StartAsync();
        var reviews = await mesh.AddAsync(SecureMesh.Callee);
        var productpage = await mesh.AddAsync("productpage-v1", callsReviews: true);
        await mesh.ApplyAsync(TwoPerHourPerCaller);

        var plain = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            // A new client (so a new connection) each time: plain-text callers are one source however they connect.
            using var client = Testing.Loopback.CreateClient();
            using var response = await client.GetAsync(reviews.Sidecar.Inbound);
            plain.Add(response.StatusCode);
        }

        using var meshed = await productpage.CallReviewsAsync();

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], plain);
        Assert.Equal(HttpStatusCode.OK, meshed.StatusCode);
    }
}

using Mesh.Sidecar.Tests.Harness;
namespace Mesh.Sidecar.Tests.Outbound.Logical;

/// <summary>Istio's traffic shifting: route weights split requests between subsets.</summary>
public sealed class TrafficShiftingTests
{
    private const int Requests = 400;

    private static readonly string[] s_reviews = ["reviews-v1", "reviews-v2", "reviews-v3"];

    [Theory]
    [InlineData(50, 50)]
    [InlineData(80, 20)]
    public async Task WeightedRoute_SplitsWithinBinomialTolerance(int v1Weight, int v3Weight)
    {
        await using var mesh = await RoutingMesh.StartAsync(Weighted(v1Weight, v3Weight) + "\n---\n" + RoutingMesh.ReviewsSubsets, s_reviews);

        var counts = await mesh.CountAsync(Requests);

        // Each request goes to v1 with probability p: the count is binomial(n, p). 4.5 standard deviations either
        // side: a correct split fails about once in 150,000 runs; 50/50 allows 155..245, 80/20 allows 284..356.
        var p = v1Weight / 100.0;
        var sigma = Math.Sqrt(Requests * p * (1 - p));
        var tolerance = (int)Math.Ceiling(4.5 * sigma);
        var expected = (int)(Requests * p);
        Assert.InRange(counts["reviews-v1"], expected - tolerance, expected + tolerance);
        Assert.Equal(Requests, counts["reviews-v1"] + counts["reviews-v3"]);
        Assert.Equal(0, counts["reviews-v2"]);
    }

    [Fact]
    public async Task WeightedRoute_ScriptedDraws_PickExactlyTheSubsetEachDrawFallsIn()
    {
        // The sidecar's random source is injectable: the weighted pick of each request follows the script. With weights
        // 30/70 a draw below 30 (of 100) is v1, the rest v3; the edges 29 and 30 fall on either side.
        var random = new ScriptedRandom(0, 29, 30, 99, 10, 70);
        await using var mesh = await RoutingMesh.StartAsync(Weighted(30, 70) + "\n---\n" + RoutingMesh.ReviewsSubsets, s_reviews,
            configure: builder => builder.Services.AddSingleton<Random>(random));

        var answers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await mesh.WhoAnswersAsync());
        }

        Assert.Equal(["reviews-v1", "reviews-v1", "reviews-v3", "reviews-v3", "reviews-v1", "reviews-v3"], answers);
        Assert.Equal(6, random.Draws);
    }

    [Fact]
    public async Task HundredPercent_SendsEveryRequestToThatSubset()
    {
        // Istio's virtual-service-reviews-v3.yaml after the shift.
        await using var mesh = await RoutingMesh.StartAsync(Weighted(0, 100) + "\n---\n" + RoutingMesh.ReviewsSubsets, s_reviews);

        var counts = await mesh.CountAsync(100);

        Assert.Equal(100, counts["reviews-v3"]);
    }

    [Fact]
    public async Task WeightShift_ByConfigPush_MovesTraffic()
    {
        await using var mesh = await RoutingMesh.StartAsync(Weighted(100, 0) + "\n---\n" + RoutingMesh.ReviewsSubsets, s_reviews);
        Assert.Equal(50, (await mesh.CountAsync(50))["reviews-v1"]);

        await mesh.ApplyAsync(Weighted(0, 100) + "\n---\n" + RoutingMesh.ReviewsSubsets);

        Assert.Equal(50, (await mesh.CountAsync(50))["reviews-v3"]);
    }

    // Istio's virtual-service-reviews-50-v3.yaml with the weights as parameters.
    private static string Weighted(int v1, int v3) => $"""
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
              weight: {v1}
            - destination:
                host: reviews
                subset: v3
              weight: {v3}
        """;
}

using Mesh.ControlPlane.Graph;

namespace Mesh.ControlPlane.Tests.Graph;

public sealed class LatencyQuantileTests
{
    [Fact]
    public void Of_NoRequests_IsNull() => Assert.Null(LatencyQuantile.Of(TestEdges.Buckets(), 0.99));

    [Fact]
    public void Of_InterpolatesWithinTheBucketTheRankFallsIn()
    {
        // 99 requests under 5 ms (bucket 2: 2..5 ms) and one between 100 and 250 ms (bucket 7): rank 99 is the last of
        // bucket 2, so p99 is its upper bound; p99.5 falls halfway into bucket 7.
        var buckets = TestEdges.Buckets((2, 99), (7, 1));

        Assert.Equal(5, LatencyQuantile.Of(buckets, 0.99));
        Assert.Equal(175, LatencyQuantile.Of(buckets, 0.995));
    }

    [Fact]
    public void Of_RankInTheOpenBucket_IsTheLastBound() =>
        Assert.Equal(30000, LatencyQuantile.Of(TestEdges.Buckets((14, 10)), 0.99));
}

using Mesh.Sidecar.Outbound.Concrete;

namespace Mesh.Sidecar.Tests.Outbound.Concrete;

public sealed class RandomBalancerTests
{
    [Fact]
    public void Pick_ManyDraws_SpreadsUniformly()
    {
        var balancer = new RandomBalancer(new Random(1));
        var endpoints = TestEndpoint.Many(3);

        var counts = Count(endpoints, 30_000, () => balancer.Pick(endpoints, 0));

        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public async Task Pick_ConcurrentCallers_NeverUseTheRandomAtOnce()
    {
        // Random is not thread-safe: an unguarded one eventually returns 0 for ever.
        var random = new ExclusiveRandom(2);
        var balancer = new RandomBalancer(random);
        var endpoints = TestEndpoint.Many(4);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                balancer.Pick(endpoints, 0);
            }
        })));

        Assert.Equal(0, random.Overlaps);
    }

    private static int[] Count(TestEndpoint[] endpoints, int draws, Func<TestEndpoint> pick)
    {
        var counts = new int[endpoints.Length];
        for (var i = 0; i < draws; i++)
        {
            counts[Array.IndexOf(endpoints, pick())]++;
        }

        return counts;
    }
}

using Mesh.Sidecar.Outbound.Concrete;

namespace Mesh.Sidecar.Tests.Outbound.Concrete;

public sealed class RoundRobinBalancerTests
{
    [Fact]
    public void Pick_ThreeEndpoints_CyclesInOrder()
    {
        var balancer = new RoundRobinBalancer();
        var endpoints = TestEndpoint.Many(3);

        var picks = Enumerable.Range(0, 7).Select(_ => balancer.Pick(endpoints, 0)).ToArray();

        Assert.Equal([endpoints[0], endpoints[1], endpoints[2], endpoints[0], endpoints[1], endpoints[2], endpoints[0]], picks);
    }

    [Fact]
    public void Pick_CounterWrapsAround_KeepsRotatingWithinRange()
    {
        var balancer = new RoundRobinBalancer(start: int.MaxValue - 2);
        var endpoints = TestEndpoint.Many(2);

        var picks = Enumerable.Range(0, 6).Select(_ => balancer.Pick(endpoints, 0)).ToArray();

        for (var i = 1; i < picks.Length; i++)
        {
            Assert.NotSame(picks[i - 1], picks[i]);
        }
    }

    [Fact]
    public async Task Pick_ConcurrentCallers_SpreadsExactlyEvenly()
    {
        var balancer = new RoundRobinBalancer();
        var endpoints = TestEndpoint.Many(4);
        var counts = new int[endpoints.Length];
        const int PerThread = 10_000;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                Interlocked.Increment(ref counts[Array.IndexOf(endpoints, balancer.Pick(endpoints, 0))]);
            }
        })));

        // Every increment hands out a distinct counter value, so the split is exact, not approximate.
        Assert.All(counts, c => Assert.Equal(PerThread, c));
    }
}

using Mesh.Sidecar.Outbound.Concrete;

namespace Mesh.Sidecar.Tests.Outbound.Concrete;

public sealed class LeastRequestBalancerTests
{
    [Fact]
    public void Pick_OneEndpoint_ReturnsIt()
    {
        var balancer = new LeastRequestBalancer(new Random(1));
        TestEndpoint[] endpoints = [new("only", activeRequests: 7)];

        Assert.Same(endpoints[0], balancer.Pick(endpoints, 0));
    }

    [Fact]
    public void Pick_TwoEndpoints_AlwaysTheLessLoaded()
    {
        // Two distinct draws out of two always compare both.
        var balancer = new LeastRequestBalancer(new Random(1));
        TestEndpoint[] endpoints = [new("busy", activeRequests: 5), new("idle", activeRequests: 1)];

        Assert.All(Enumerable.Range(0, 100), _ => Assert.Same(endpoints[1], balancer.Pick(endpoints, 0)));
    }

    [Fact]
    public void Pick_ThreeEndpointsWithDistinctLoads_FollowsPowerOfTwoChoices()
    {
        var balancer = new LeastRequestBalancer(new Random(3));
        TestEndpoint[] endpoints = [new("a", activeRequests: 0), new("b", activeRequests: 1), new("c", activeRequests: 2)];
        var counts = new int[3];
        const int Draws = 30_000;

        for (var i = 0; i < Draws; i++)
        {
            counts[Array.IndexOf(endpoints, balancer.Pick(endpoints, 0))]++;
        }

        // Of the three distinct pairs, a wins the two it is in, b wins {b, c}, c never wins: 2/3, 1/3, 0.
        // A global least-request would send everything to a; sampling with repeats would let c win {c, c}.
        Assert.InRange(counts[0], Draws * 2 / 3 - 600, Draws * 2 / 3 + 600);
        Assert.InRange(counts[1], Draws / 3 - 600, Draws / 3 + 600);
        Assert.Equal(0, counts[2]);
    }

    [Fact]
    public void Pick_EqualLoads_SpreadsEvenly()
    {
        var balancer = new LeastRequestBalancer(new Random(4));
        var endpoints = TestEndpoint.Many(4);
        var counts = new int[endpoints.Length];

        for (var i = 0; i < 40_000; i++)
        {
            counts[Array.IndexOf(endpoints, balancer.Pick(endpoints, 0))]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public async Task Pick_ConcurrentCallers_NeverUseTheRandomAtOnce()
    {
        var random = new ExclusiveRandom(5);
        var balancer = new LeastRequestBalancer(random);
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
}

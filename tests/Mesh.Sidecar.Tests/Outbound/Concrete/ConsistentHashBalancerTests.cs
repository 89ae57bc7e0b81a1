using Mesh.Sidecar.Outbound.Concrete;

namespace Mesh.Sidecar.Tests.Outbound.Concrete;

public sealed class ConsistentHashBalancerTests
{
    [Fact]
    public void Pick_SameHash_SameEndpointAcrossCallsAndInstances()
    {
        var endpoints = TestEndpoint.Many(5);
        var first = new ConsistentHashBalancer();
        var second = new ConsistentHashBalancer();
        var random = new Random(1);

        for (var i = 0; i < 1_000; i++)
        {
            var hash = (ulong)random.NextInt64();
            var picked = first.Pick(endpoints, hash);

            // Another sidecar (another instance) must agree, or affinity breaks across callers.
            Assert.Same(picked, first.Pick(endpoints, hash));
            Assert.Same(picked, second.Pick(endpoints, hash));
        }
    }

    [Fact]
    public void Pick_EndpointsInAnotherOrder_SameEndpointForEachHash()
    {
        var endpoints = TestEndpoint.Many(4);
        var reversed = endpoints.Reverse().ToArray();

        // One balancer per list: a single one alternating between two lists would rebuild its ring on every call.
        var forward = new ConsistentHashBalancer();
        var backward = new ConsistentHashBalancer();
        var random = new Random(2);

        for (var i = 0; i < 1_000; i++)
        {
            var hash = (ulong)random.NextInt64();
            Assert.Same(forward.Pick(endpoints, hash), backward.Pick(reversed, hash));
        }
    }

    [Fact]
    public void Pick_OneEndpointRemoved_OnlyItsKeysMove()
    {
        var endpoints = TestEndpoint.Many(5);
        var removed = endpoints[2];
        var remaining = endpoints.Where(e => e != removed).ToArray();
        var beforeBalancer = new ConsistentHashBalancer();
        var afterBalancer = new ConsistentHashBalancer();
        var random = new Random(3);
        var moved = 0;
        const int Keys = 10_000;

        for (var i = 0; i < Keys; i++)
        {
            var hash = (ulong)random.NextInt64();
            var before = beforeBalancer.Pick(endpoints, hash);
            var after = afterBalancer.Pick(remaining, hash);
            if (before != removed)
            {
                Assert.Same(before, after);
            }
            else
            {
                moved++;
            }
        }

        Assert.InRange(moved, 1, (Keys / 5) + (Keys / 20));
    }

    [Fact]
    public void Pick_RandomKeysOverThreeEndpoints_WithinTwentyPercentOfEven()
    {
        var endpoints = TestEndpoint.Many(3);
        var balancer = new ConsistentHashBalancer();
        var random = new Random(4);
        var counts = new int[3];

        for (var i = 0; i < 10_000; i++)
        {
            counts[Array.IndexOf(endpoints, balancer.Pick(endpoints, (ulong)random.NextInt64()))]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 2_667, 4_000));
    }

    [Fact]
    public void Pick_SequentialHashes_StillSpread()
    {
        // The ring mixes the hash itself, so a caller hashing by a small integer id does not pile onto one endpoint.
        var endpoints = TestEndpoint.Many(3);
        var balancer = new ConsistentHashBalancer();
        var counts = new int[3];

        for (ulong hash = 0; hash < 10_000; hash++)
        {
            counts[Array.IndexOf(endpoints, balancer.Pick(endpoints, hash))]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 2_667, 4_000));
    }

    [Fact]
    public void Pick_NewListInstance_UsesTheNewEndpoints()
    {
        var balancer = new ConsistentHashBalancer();
        TestEndpoint[] before = [new("a"), new("b")];
        TestEndpoint[] after = [new("c")];

        balancer.Pick(before, 42);

        Assert.Same(after[0], balancer.Pick(after, 42));
    }

    [Fact]
    public void Pick_SameCountOtherEndpoints_RebuildsTheRing()
    {
        // Same length but different members: a ring reused by count alone would answer with the old owners' slots.
        var balancer = new ConsistentHashBalancer();
        TestEndpoint[] before = [new("a"), new("b"), new("c")];
        TestEndpoint[] after = [new("x"), new("y"), new("z")];
        var fresh = new ConsistentHashBalancer();
        var random = new Random(5);

        balancer.Pick(before, 0);

        for (var i = 0; i < 200; i++)
        {
            var hash = (ulong)random.NextInt64();
            Assert.Same(fresh.Pick(after, hash), balancer.Pick(after, hash));
        }
    }

    [Fact]
    public void Pick_EqualListCopies_AnswerAsTheOriginal()
    {
        var endpoints = TestEndpoint.Many(3);
        var balancer = new ConsistentHashBalancer();
        var random = new Random(6);

        for (var i = 0; i < 200; i++)
        {
            var hash = (ulong)random.NextInt64();
            var copy = new List<TestEndpoint>(endpoints);
            Assert.Same(balancer.Pick(endpoints, hash), balancer.Pick(copy, hash));
        }
    }
}

using Mesh.Sidecar.Outbound.Concrete;

namespace Mesh.Sidecar.Tests.Outbound.Concrete;

public sealed class HashKeyTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Of_NoValue_IsZero(string? value) => Assert.Equal(0UL, HashKey.Of(value));

    [Theory]
    // FNV-1a 64 over UTF-16LE bytes, then MurmurHash3's fmix64. Pinned: every sidecar must hash alike, so a
    // change of algorithm is a breaking change for affinity during a rollout.
    [InlineData("a", 9726698790539242981UL)]
    [InlineData("user-42", 1591821359134778881UL)]
    public void Of_KnownValue_IsStable(string value, ulong expected) => Assert.Equal(expected, HashKey.Of(value));

    [Fact]
    public void Of_SimilarValues_DifferInTheHighBits()
    {
        // Ring order is decided by the high bits; plain FNV-1a would leave "user1" and "user2" adjacent.
        var a = HashKey.Of("user1");
        var b = HashKey.Of("user2");

        Assert.NotEqual(a >> 48, b >> 48);
    }

    [Fact]
    public void Of_DistinctValues_NoCollisionsInTenThousand()
    {
        var hashes = Enumerable.Range(0, 10_000).Select(i => HashKey.Of($"session-{i}")).ToHashSet();

        Assert.Equal(10_000, hashes.Count);
    }
}

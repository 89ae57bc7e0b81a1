using Mesh.Sidecar.Outbound;
using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Outbound;

/// <summary>Host as Envoy delivers it: the name the caller called, not the loopback address its sidecar listens on.</summary>
public sealed class CallerHostTests
{
    private static readonly string[] s_reviews = ["reviews-v1"];

    [Fact]
    public async Task LoopbackHost_ReachesTheUpstreamAsTheCalledName()
    {
        await using var mesh = await RoutingMesh.StartAsync(RoutingMesh.ReviewsSubsets, s_reviews);

        // The test client calls the outbound listener at 127.0.0.1:<port>, as an app's service discovery resolves it.
        Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync("/reviews/1"));

        Assert.Equal("reviews", Assert.Single(mesh["reviews-v1"].Received).Headers["Host"]);
    }

    [Theory]
    [InlineData("reviews:9080")]
    [InlineData("reviews.default.svc.cluster.local")]
    [InlineData("example.com")]
    public async Task HostTheCallerSet_IsKept(string host)
    {
        await using var mesh = await RoutingMesh.StartAsync(RoutingMesh.ReviewsSubsets, s_reviews);

        Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync("/reviews/1", ("Host", host)));

        Assert.Equal(host, Assert.Single(mesh["reviews-v1"].Received).Headers["Host"]);
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.1.2.3", true)]
    [InlineData("[::1]", true)]
    [InlineData("reviews", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("localhost.example.com", false)]
    public void IsLoopback_NamesOnlyThisMachine(string host, bool loopback) =>
        Assert.Equal(loopback, CallerHost.IsLoopback(host));
}

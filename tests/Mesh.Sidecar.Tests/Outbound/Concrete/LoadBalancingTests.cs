using Mesh.Sidecar.Outbound.Concrete;
using Mesh.Sidecar.Tests.Harness;
namespace Mesh.Sidecar.Tests.Outbound.Concrete;

/// <summary>DestinationRule <c>trafficPolicy.loadBalancer</c>: how one cluster picks among its endpoints.</summary>
public sealed class LoadBalancingTests
{
    // Three workloads of one version, so the route's cluster (the whole service) has three endpoints.
    private static readonly string[] s_reviews = ["reviews-v1", "reviews-v1b", "reviews-v1c"];

    [Fact]
    public async Task RoundRobin_CyclesThroughEndpointsInOrder()
    {
        await using var mesh = await RoutingMesh.StartAsync(Simple("ROUND_ROBIN"), s_reviews);

        var answers = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            answers.Add(await mesh.WhoAnswersAsync());
        }

        // Every window of three holds each endpoint once, and the cycle repeats exactly.
        Assert.Equal(3, answers.Take(3).Distinct().Count());
        for (var i = 3; i < answers.Count; i++)
        {
            Assert.Equal(answers[i - 3], answers[i]);
        }
    }

    [Theory]
    [InlineData("RANDOM")]
    [InlineData("LEAST_REQUEST")]
    public async Task RandomAndLeastRequest_UseEveryEndpoint(string policy)
    {
        await using var mesh = await RoutingMesh.StartAsync(Simple(policy), s_reviews);

        var counts = await mesh.CountAsync(60);

        // An endpoint left out of 60 uniform draws among 3: probability 3 × (2/3)^60, about 1e-10.
        Assert.All(s_reviews, w => Assert.True(counts[w] > 0, $"{w} got no request under {policy}: {string.Join(", ", counts)}"));
    }

    [Fact]
    public async Task ConsistentHashOnHeader_SameValueSameEndpoint()
    {
        const string Yaml = """
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
        await using var mesh = await RoutingMesh.StartAsync(Yaml, s_reviews);

        var owners = new HashSet<string>(StringComparer.Ordinal);
        foreach (var user in (string[])["jason", "mike", "alice", "bob", "carol"])
        {
            var answers = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < 30; i++)
            {
                answers.Add(await mesh.WhoAnswersAsync("/", ("x-user", user)));
            }

            owners.Add(Assert.Single(answers));
        }

        // The ring spreads keys: five users do not all land on one endpoint (the hash is deterministic, so
        // this holds or fails the same way on every run).
        Assert.True(owners.Count > 1, $"all users reached {string.Join(", ", owners)}");
    }

    [Fact]
    public async Task ConsistentHashWithoutHeader_SpreadsRequests()
    {
        const string Yaml = """
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
        await using var mesh = await RoutingMesh.StartAsync(Yaml, s_reviews);

        var counts = await mesh.CountAsync(60);

        // No key: Envoy picks at random; all 60 on one endpoint has probability 3 × (1/3)^60.
        Assert.True(counts.Values.Count(c => c > 0) > 1, string.Join(", ", counts));
    }

    [Fact]
    public async Task ConsistentHashOnCookie_SameCookieSameEndpoint()
    {
        await using var mesh = await RoutingMesh.StartAsync(HashOnCookie, s_reviews);

        foreach (var user in (string[])["jason", "mike", "alice"])
        {
            var answers = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < 20; i++)
            {
                answers.Add(await mesh.WhoAnswersAsync("/", ("Cookie", $"user={user}; theme=dark")));
            }

            Assert.Single(answers);
        }
    }

    [Fact]
    public async Task ConsistentHashOnCookieWithTtl_RequestWithoutCookie_GetsSetCookie()
    {
        await using var mesh = await RoutingMesh.StartAsync(HashOnCookie, s_reviews);

        using var response = await mesh.GetAsync();

        response.EnsureSuccessStatusCode();
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("user=", cookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConsistentHashOnCookieWithTtl_GeneratedCookie_KeepsTheClientOnTheFirstEndpoint()
    {
        await using var mesh = await RoutingMesh.StartAsync(HashOnCookie, s_reviews);

        using var first = await mesh.GetAsync();
        var firstWorkload = await first.Content.ReadAsStringAsync();
        var setCookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        Assert.Matches("^user=\"[0-9a-f]{16}\"; Max-Age=60; HttpOnly$", setCookie);
        var cookie = setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(firstWorkload, await mesh.WhoAnswersAsync("/", ("Cookie", cookie)));
        }
    }

    private const string HashOnCookie = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            loadBalancer:
              consistentHash:
                httpCookie:
                  name: user
                  ttl: 60s
        """;

    private static string Simple(string policy) => $"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            loadBalancer:
              simple: {policy}
        """;
}

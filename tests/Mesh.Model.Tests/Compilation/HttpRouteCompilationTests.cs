using Mesh.Model.Snapshots;

namespace Mesh.Model.Tests.Compilation;

public sealed class HttpRouteCompilationTests
{
    [Fact]
    public void Compile_IstioReviews9010_WeightsGoToPerVersionLabels()
    {
        var reviews = Compile.Files("productpage", "gateway-api-route-reviews-90-10.yaml").Destination("reviews");

        Assert.Equal("HTTPRoute default/reviews", reviews.RouteSource);
        var route = Assert.Single(reviews.Routes);
        Assert.Equal(
            [("reviews", "v1", 90), ("reviews", "v2", 10)],
            route.Destinations.Select(d => (d.Labels["app"], d.Labels["version"], d.Weight)));
    }

    [Fact]
    public void Compile_IstioRouteAllV1_ServiceVersionNamesResolveWithoutWorkloadSuffix()
    {
        var snapshot = Compile.Files("productpage", "gateway-api-route-all-v1.yaml");

        // Istio's sample names backends productpage-v1 and details-v1; Bookinfo's workloads there are "productpage" and "details".
        Assert.Equal("v1", Assert.Single(Assert.Single(snapshot.Destination("details").Routes).Destinations).Labels["version"]);
        Assert.Equal("v1", Assert.Single(Assert.Single(snapshot.Destination("reviews").Routes).Destinations).Labels["version"]);
    }

    [Fact]
    public void Compile_RulesAndMatches_OrderedByPrecedenceAndExpandedPerMatch()
    {
        var routes = Compile.Files("productpage", "httproute-reviews-weighted.yaml").Destination("reviews").Routes;

        Assert.Collection(
            routes,
            prefix =>
            {
                var match = Assert.Single(prefix.Matches);
                Assert.Equal((MatchKind.PathPrefix, "/reviews", "GET"), (match.Path!.Kind, match.Path.Value, match.Method!.Value));
                Assert.Equal([("v1", 90), ("v3", 10)], prefix.Destinations.Select(d => (d.Labels["version"], d.Weight)));
                Assert.Equal("x-version", Assert.Single(prefix.Destinations[1].ResponseHeaders!.Set).Name);
                Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500)), (prefix.Timeout, prefix.Retries.PerTryTimeout));
                Assert.Equal(["connect-failure", "refused-stream", "reset", "503"], prefix.Retries.RetryOn);
                Assert.Equal((2, TimeSpan.FromMilliseconds(100)), (prefix.Retries.Attempts, prefix.Retries.Backoff));
            },
            jason =>
            {
                Assert.Equal("end-user", Assert.Single(Assert.Single(jason.Matches).Headers).Name);
                Assert.Equal("x-route", Assert.Single(jason.RequestHeaders!.Add).Name);
                Assert.Equal("v2", Assert.Single(jason.Destinations).Labels["version"]);
            },
            regex => Assert.Equal(MatchKind.Regex, Assert.Single(regex.Matches).Path!.Kind),
            catchAll =>
            {
                Assert.Empty(catchAll.Matches);
                Assert.Equal(new RewriteConfig { Path = "/", PathReplacement = PathReplacement.MatchedPrefix }, catchAll.Rewrite);
                Assert.Equal((10.0, "v3"), (Assert.Single(catchAll.Mirrors).Percentage, catchAll.Mirrors[0].Labels["version"]));
                Assert.Empty(Assert.Single(catchAll.Destinations).Labels);
            });
    }
}

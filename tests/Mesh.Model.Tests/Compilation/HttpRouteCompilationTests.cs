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

    [Fact]
    public void Compile_RepeatedMatchNames_OnlyTheFirstCountsAndForPrecedence()
    {
        var routes = Compile.Yaml("productpage", HttpRoutes.ForReviews("""
            - matches: [{headers: [{name: version, value: a}, {name: Version, value: b}], queryParams: [{name: q, value: a}, {name: q, value: b}]}]
              backendRefs: [{name: reviews-v1, port: 9080}]
            - matches: [{headers: [{name: version, value: c}, {name: tier, value: d}]}]
              backendRefs: [{name: reviews-v2, port: 9080}]
            """), allowWarnings: true).Destination("reviews").Routes;

        // Two distinct header names outrank one (counted once), whatever the query parameters.
        Assert.Equal([["version", "tier"], ["version"]], routes.Select(r => r.Matches[0].Headers.Select(h => h.Name)));
        Assert.Equal([("version", "a")], routes[1].Matches[0].Headers.Select(h => (h.Name, h.Match.Value)));
        Assert.Equal([("q", "a")], routes[1].Matches[0].QueryParams.Select(q => (q.Name, q.Match.Value)));
    }

    [Fact]
    public void Compile_Weights_ZeroIsDroppedAndNoneLeftAnswers500()
    {
        var routes = Compile.Yaml("productpage", HttpRoutes.ForReviews("""
            - matches: [{path: {type: PathPrefix, value: /some}}]
              backendRefs: [{name: reviews-v1, port: 9080, weight: 0}, {name: reviews-v2, port: 9080, weight: 5}]
            - matches: [{path: {type: PathPrefix, value: /zero}}]
              backendRefs: [{name: reviews-v1, port: 9080, weight: 0}]
            - matches: [{path: {type: PathPrefix, value: /none}}]
            - matches: [{path: {type: PathPrefix, value: /redirect}}]
              filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org}}]
            """), allowWarnings: true).Destination("reviews").Routes;

        var byPath = routes.ToDictionary(r => r.Matches[0].Path!.Value);
        Assert.Equal([("v2", 5)], byPath["/some"].Destinations.Select(d => (d.Labels["version"], d.Weight)));
        Assert.Null(byPath["/some"].DirectResponse);
        Assert.Equal(500, byPath["/zero"].DirectResponse?.Status);
        Assert.Equal(500, byPath["/none"].DirectResponse?.Status);
        Assert.Null(byPath["/redirect"].DirectResponse);
    }

    [Theory]
    [InlineData("{hostname: example.org}", null, RedirectPortSource.Listener)]
    [InlineData("{scheme: https}", null, RedirectPortSource.ProtocolDefault)]
    [InlineData("{scheme: https, port: 8443}", 8443, RedirectPortSource.ProtocolDefault)]
    [InlineData("{port: 8080}", 8080, RedirectPortSource.Listener)]
    public void Compile_RequestRedirectPort_FromTheSchemeOrTheListener(string redirect, int? port, RedirectPortSource source)
    {
        var route = Assert.Single(Compile.Yaml("productpage", HttpRoutes.ForReviews($$"""
            - filters: [{type: RequestRedirect, requestRedirect: {{redirect}}}]
            """)).Destination("reviews").Routes);

        Assert.Equal((port, source), (route.Redirect!.Port, route.Redirect.PortSource));
    }

    [Fact]
    public void Compile_RuleName_NamesItsRoutes()
    {
        var routes = Compile.Yaml("productpage", HttpRoutes.ForReviews("""
            - name: to-v1
              matches: [{path: {type: PathPrefix, value: /a}}, {path: {type: PathPrefix, value: /b}}]
              backendRefs: [{name: reviews-v1, port: 9080}]
            - backendRefs: [{name: reviews-v2, port: 9080}]
            """)).Destination("reviews").Routes;

        Assert.Equal(["to-v1", "to-v1", null], routes.Select(r => r.Name));
    }

}

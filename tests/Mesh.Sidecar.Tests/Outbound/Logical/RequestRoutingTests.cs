using Mesh.Sidecar.Tests.Harness;
namespace Mesh.Sidecar.Tests.Outbound.Logical;

/// <summary>Istio's request routing: match blocks select a route, the first route that matches wins, and no match is 404 NR.</summary>
public sealed class RequestRoutingTests
{
    private static readonly string[] s_reviews = ["reviews-v1", "reviews-v2", "reviews-v3"];

    // Istio's virtual-service-reviews-test-v2.yaml.
    private const string JasonToV2 = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - match:
            - headers:
                end-user:
                  exact: jason
            route:
            - destination:
                host: reviews
                subset: v2
          - route:
            - destination:
                host: reviews
                subset: v1
        """;

    private const string ByRequest = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - name: exact
            match:
            - uri:
                exact: /reviews/exact
            route:
            - destination:
                host: reviews
                subset: v1
          - name: regex
            match:
            - uri:
                regex: /items/[0-9]+
            route:
            - destination:
                host: reviews
                subset: v3
          - name: post-api
            match:
            - uri:
                prefix: /api/
              method:
                exact: POST
            route:
            - destination:
                host: reviews
                subset: v2
          - name: gold
            match:
            - queryParams:
                tier:
                  exact: gold
            route:
            - destination:
                host: reviews
                subset: v3
          - name: reviews-prefix
            match:
            - uri:
                prefix: /reviews
            route:
            - destination:
                host: reviews
                subset: v2
          - name: shadowed
            match:
            - uri:
                prefix: /reviews/special
            route:
            - destination:
                host: reviews
                subset: v3
        """;

    [Fact]
    public async Task HeaderMatch_EndUserJason_GoesToV2AndOthersToV1()
    {
        await using var mesh = await RoutingMesh.StartAsync(JasonToV2 + "\n---\n" + RoutingMesh.ReviewsSubsets, s_reviews);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("reviews-v2", await mesh.WhoAnswersAsync("/reviews/0", ("end-user", "jason")));
            Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync("/reviews/0"));
            Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync("/reviews/0", ("end-user", "mike")));
        }

        // Header names are case-insensitive, values are not.
        Assert.Equal("reviews-v2", await mesh.WhoAnswersAsync("/reviews/0", ("End-User", "jason")));
        Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync("/reviews/0", ("end-user", "Jason")));
        Assert.Empty(mesh["reviews-v3"].Received);
    }

    [Theory]
    [InlineData("GET", "/reviews/exact", "reviews-v1")]
    [InlineData("GET", "/items/42", "reviews-v3")]
    [InlineData("POST", "/api/ratings", "reviews-v2")]
    [InlineData("GET", "/anything?tier=gold", "reviews-v3")]
    [InlineData("GET", "/reviews/exact/more", "reviews-v2")]
    [InlineData("GET", "/reviews/special", "reviews-v2")]
    public async Task UriMethodAndQueryMatches_FirstMatchingRouteWins(string method, string pathAndQuery, string expected)
    {
        await using var mesh = await RoutingMesh.StartAsync(ByRequest + "\n---\n" + RoutingMesh.ReviewsSubsets, s_reviews);

        using var response = await mesh.SendAsync(new HttpMethod(method), pathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(pathAndQuery, Assert.Single(mesh[expected].Received).PathAndQuery);
    }

    [Theory]
    [InlineData("GET", "/items/42/reviews")]
    [InlineData("GET", "/v2/items/42")]
    [InlineData("GET", "/items/abc")]
    [InlineData("GET", "/api/ratings")]
    [InlineData("PUT", "/api/ratings")]
    [InlineData("GET", "/anything?tier=silver")]
    [InlineData("GET", "/Reviews/exact")]
    public async Task NoRouteMatches_Returns404WithFlagNR(string method, string pathAndQuery)
    {
        await using var mesh = await RoutingMesh.StartAsync(ByRequest + "\n---\n" + RoutingMesh.ReviewsSubsets, s_reviews);

        using var response = await mesh.SendAsync(new HttpMethod(method), pathAndQuery);

        // Envoy's regex matches the whole path; a match block needs all its conditions (path and method); uri
        // matches are case-sensitive without ignoreUriCase.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NR", RoutingMesh.Flag(response));
        Assert.All(s_reviews, w => Assert.Empty(mesh[w].Received));
        Assert.Equal(1, mesh.ReviewsStats().ResponseFlags["NR"]);
        // ...and in the sidecar's log, as Envoy's access log shows %RESPONSE_FLAGS%.
        Assert.Single(mesh.Sidecar.Logs.Matching($"outbound {method} {pathAndQuery.Split('?')[0]} -> reviews: 404 NR"));
    }

    [Fact]
    public async Task ConfigPush_NewRoutes_ApplyToTheNextRequest()
    {
        await using var mesh = await RoutingMesh.StartAsync(JasonToV2 + "\n---\n" + RoutingMesh.ReviewsSubsets, s_reviews);
        Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync());

        await mesh.ApplyAsync(JasonToV2.Replace("subset: v1", "subset: v3", StringComparison.Ordinal) + "\n---\n" + RoutingMesh.ReviewsSubsets);

        Assert.Equal("reviews-v3", await mesh.WhoAnswersAsync());
        Assert.Equal("reviews-v2", await mesh.WhoAnswersAsync("/", ("end-user", "jason")));
    }
}

using Mesh.Sidecar.Tests.Harness;
namespace Mesh.Sidecar.Tests.Outbound.Logical;

/// <summary>VirtualService <c>redirect</c> and <c>directResponse</c>: the sidecar answers itself and calls no app.</summary>
public sealed class RedirectAndDirectResponseTests
{
    private static readonly string[] s_reviews = ["reviews-v1"];

    private const string Yaml = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - match:
            - uri:
                exact: /v1/getProductRatings
            redirect:
              uri: /v1/bookRatings
              authority: newratings.default.svc.cluster.local
          - match:
            - uri:
                prefix: /old/
            redirect:
              prefixRewrite: /new/
              redirectCode: 308
          - match:
            - uri:
                prefix: /maintenance
            directResponse:
              status: 503
              body:
                string: down for maintenance
          - route:
            - destination:
                host: reviews
        """;

    [Fact]
    public async Task Redirect_UriAndAuthority_Answers301WithLocation()
    {
        await using var mesh = await RoutingMesh.StartAsync(Yaml, s_reviews);

        using var response = await mesh.GetAsync("/v1/getProductRatings?id=1");

        // Istio's example from the VirtualService reference; the query string is kept, as Envoy keeps it.
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(new Uri("http://newratings.default.svc.cluster.local/v1/bookRatings?id=1"), response.Headers.Location);
        Assert.Empty(mesh["reviews-v1"].Received);
    }

    [Fact]
    public async Task Redirect_PrefixRewriteAndCode_ReplacesTheMatchedPrefix()
    {
        await using var mesh = await RoutingMesh.StartAsync(Yaml, s_reviews);

        using var response = await mesh.GetAsync("/old/reviews/1");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("/new/reviews/1", response.Headers.Location?.AbsolutePath);
        // The request's authority as the caller meant it: the name it called, not its sidecar's loopback listener.
        Assert.Equal("reviews", response.Headers.Location?.Authority);
    }

    [Fact]
    public async Task DirectResponse_AnswersStatusAndBody()
    {
        await using var mesh = await RoutingMesh.StartAsync(Yaml, s_reviews);

        using var response = await mesh.GetAsync("/maintenance");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("down for maintenance", await response.Content.ReadAsStringAsync());
        Assert.Empty(mesh["reviews-v1"].Received);
        Assert.Equal("reviews-v1", await mesh.WhoAnswersAsync("/reviews/1"));
    }
}

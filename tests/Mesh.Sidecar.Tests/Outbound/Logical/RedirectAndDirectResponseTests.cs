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

    [Theory]
    // Envoy's default: the request's port stays, unless the redirect names a host, or changes the scheme from the port's own.
    [InlineData("/keep", "reviews:9080", "http://reviews:9080/kept")]
    [InlineData("/to-https", "reviews:9080", "https://reviews:9080/to-https")]
    [InlineData("/to-https", "reviews:80", "https://reviews/to-https")]
    [InlineData("/new-host", "reviews:9080", "http://ratings/new-host")]
    // derivePort and port.
    [InlineData("/protocol-default", "reviews:9080", "https://reviews/protocol-default")]
    [InlineData("/request-port", "reviews:9080", "http://ratings:9080/request-port")]
    [InlineData("/port", "reviews:9080", "http://reviews:8443/port")]
    [InlineData("/port-80", "reviews:9080", "http://ratings/port-80")]
    public async Task Redirect_PortAsEnvoyAndIstioDeriveIt(string path, string host, string location)
    {
        const string Ports = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts: [reviews]
              http:
              - match: [{uri: {exact: /keep}}]
                redirect: {uri: /kept}
              - match: [{uri: {exact: /to-https}}]
                redirect: {scheme: https}
              - match: [{uri: {exact: /new-host}}]
                redirect: {authority: ratings}
              - match: [{uri: {exact: /protocol-default}}]
                redirect: {scheme: https, derivePort: FROM_PROTOCOL_DEFAULT}
              - match: [{uri: {exact: /request-port}}]
                redirect: {authority: ratings, derivePort: FROM_REQUEST_PORT}
              - match: [{uri: {exact: /port}}]
                redirect: {port: 8443}
              - match: [{uri: {exact: /port-80}}]
                redirect: {authority: ratings, port: 80}
            """;
        await using var mesh = await RoutingMesh.StartAsync(Ports, s_reviews);

        using var response = await mesh.GetAsync(path, ("Host", host));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(303, 303)]
    [InlineData(307, 307)]
    [InlineData(308, 308)]
    [InlineData(300, 301)]
    [InlineData(305, 301)]
    public async Task Redirect_Code_EnvoysFiveOrElse301AsIstio(int configured, int answered)
    {
        await using var mesh = await RoutingMesh.StartAsync($"""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts: [reviews]
              http:
              - redirect:
                  uri: /elsewhere
                  redirectCode: {configured}
            """, s_reviews);

        using var response = await mesh.GetAsync("/reviews/1");

        Assert.Equal(answered, (int)response.StatusCode);
        Assert.Equal("/elsewhere", response.Headers.Location?.AbsolutePath);
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

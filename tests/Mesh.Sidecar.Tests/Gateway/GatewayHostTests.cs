using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Gateway;

/// <summary>
/// Host through the ingress gateway, as the Gateway API and Envoy deliver it: HTTPRoute <c>hostnames</c> match the Host
/// without its port, the backend receives the Host the caller sent (port included) unless <c>URLRewrite.hostname</c>
/// replaces it, and the forwarding headers are Envoy's at an edge proxy.
/// </summary>
public sealed class GatewayHostTests
{
    private static readonly string[] s_backends = ["infra-backend-v1", "infra-backend-v2"];

    private static readonly string s_routes = GatewayMesh.Route("""
        - matches:
          - path: {type: PathPrefix, value: /rewrite-host}
          filters:
          - type: URLRewrite
            urlRewrite:
              hostname: rewritten.example
          backendRefs:
          - name: infra-backend-v2
            port: 8080
        - backendRefs:
          - name: infra-backend-v1
            port: 8080
        """, "example.com", "*.wildcard.example");

    [Theory]
    [InlineData("example.com")]
    [InlineData("example.com:8080")]
    [InlineData("EXAMPLE.com")]
    [InlineData("a.wildcard.example")]
    [InlineData("a.b.wildcard.example:31000")]
    public async Task Host_MatchedWithoutPort_ReachesTheBackendAsSent(string host)
    {
        await using var mesh = await GatewayMesh.StartAsync(s_routes, s_backends);

        var (workload, received) = await mesh.ForwardAsync(host, "/status?x=1");

        Assert.Equal("infra-backend-v1", workload);
        Assert.Equal(host, received.Headers["Host"]);
        Assert.Equal("/status?x=1", received.PathAndQuery);
    }

    [Theory]
    [InlineData("example.net")]
    [InlineData("wildcard.example")]
    [InlineData("example.com.evil")]
    public async Task Host_MatchingNoHostname_Is404(string host)
    {
        await using var mesh = await GatewayMesh.StartAsync(s_routes, s_backends);

        using var response = await mesh.GetAsync(host, "/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NR", RoutingMesh.Flag(response));
    }

    [Fact]
    public async Task UrlRewriteHostname_ReplacesHost_AndAddsNoForwardedHost()
    {
        await using var mesh = await GatewayMesh.StartAsync(s_routes, s_backends);

        var (workload, received) = await mesh.ForwardAsync("example.com", "/rewrite-host/a?b=c");

        Assert.Equal("infra-backend-v2", workload);
        Assert.Equal("rewritten.example", received.Headers["Host"]);
        Assert.Equal("/rewrite-host/a?b=c", received.PathAndQuery);
        // Istio leaves append_x_forwarded_host off (its proxyHeaders.xForwardedHost default).
        Assert.False(received.Headers.ContainsKey("x-forwarded-host"));
    }

    [Fact]
    public async Task ProxyHeaders_AsEnvoysEdge_CallerAppendedProtoReplacedEnvoyHeadersRemoved()
    {
        await using var mesh = await GatewayMesh.StartAsync(s_routes, s_backends);

        var (_, first) = await mesh.ForwardAsync("example.com", "/");
        var (_, second) = await mesh.ForwardAsync("example.com", "/",
            ("x-forwarded-for", "203.0.113.7"), ("x-forwarded-proto", "https"), ("x-forwarded-host", "outside.example"),
            ("x-envoy-external-address", "198.51.100.1"), ("x-envoy-decorator-operation", "forged"), ("x-envoy-retry-on", "5xx"));

        // A loopback caller is recorded as the gateway's own address, as Envoy does; the caller's list is kept in front.
        Assert.Equal("127.0.0.1", first.Headers["x-forwarded-for"]);
        Assert.Equal("http", first.Headers["x-forwarded-proto"]);
        Assert.Equal("203.0.113.7,127.0.0.1", second.Headers["x-forwarded-for"]);
        Assert.Equal("http", second.Headers["x-forwarded-proto"]);
        Assert.Equal("outside.example", second.Headers["x-forwarded-host"]);
        foreach (var received in new[] { first, second })
        {
            Assert.DoesNotContain(received.Headers.Keys, name =>
                name.StartsWith("x-envoy-", StringComparison.OrdinalIgnoreCase) || name.Equals("x-forwarded-prefix", StringComparison.OrdinalIgnoreCase)
                || name.Equals("x-forwarded-port", StringComparison.OrdinalIgnoreCase));
        }
    }
}

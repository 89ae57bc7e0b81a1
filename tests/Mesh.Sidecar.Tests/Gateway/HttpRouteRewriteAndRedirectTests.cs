using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Gateway;

/// <summary>
/// HTTPRoute URLRewrite and RequestRedirect through the ingress gateway: the path the backend receives, and the Location
/// a redirect answers with (scheme, host, port by the Gateway API's rules, path, status).
/// </summary>
public sealed class HttpRouteRewriteAndRedirectTests
{
    private static readonly string[] s_backends = ["infra-backend-v1", "infra-backend-v2"];

    [Theory]
    [InlineData("/prefix/one/two", "/one/two")]
    [InlineData("/prefix/one", "/one")]
    [InlineData("/prefix/one/", "/one/")]
    [InlineData("/strip/three", "/three")]
    [InlineData("/strip", "/")]
    [InlineData("/strip/", "/")]
    [InlineData("/full/one/two?q=1", "/replaced?q=1")]
    [InlineData("/both/x", "/done/x")]
    public async Task UrlRewritePath_TheBackendReceivesTheRewrittenPath(string requested, string received)
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - matches: [{path: {type: PathPrefix, value: /prefix/one}}]
              filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /one}}}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /strip}}]
              filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /full}}]
              filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /replaced}}}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /both}}]
              filters:
              - {type: URLRewrite, urlRewrite: {hostname: both.example, path: {type: ReplacePrefixMatch, replacePrefixMatch: /done}}}
              - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-Set, value: yes}]}}
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            """), s_backends);

        var (_, request) = await mesh.ForwardAsync("example.com", requested);

        Assert.Equal(received, request.PathAndQuery);
        Assert.Equal(requested.StartsWith("/both", StringComparison.Ordinal) ? "both.example" : "example.com", request.Headers["Host"]);
    }

    [Theory]
    // Path: ReplacePrefixMatch replaces whole path elements; ReplaceFullPath the whole path; the query stays.
    [InlineData("example.com", "/original-prefix/lemon", 302, "http://example.com/replacement-prefix/lemon")]
    [InlineData("example.com", "/original-prefix", 302, "http://example.com/replacement-prefix")]
    [InlineData("example.com", "/original-prefix/", 302, "http://example.com/replacement-prefix/")]
    [InlineData("example.com", "/full/path/original?q=1", 302, "http://example.com/full-path-replacement?q=1")]
    [InlineData("example.com", "/path-and-host", 302, "http://example.org/replacement-prefix")]
    [InlineData("example.com", "/path-and-status", 301, "http://example.com/replacement-prefix")]
    // Host and status: no scheme and no port name the listener's port, left out when it is 80.
    [InlineData("example.com", "/hostname-redirect", 302, "http://example.org/hostname-redirect")]
    [InlineData("example.com:8080", "/hostname-redirect", 302, "http://example.org:8080/hostname-redirect")]
    [InlineData("example.com", "/host-and-status", 301, "http://example.org/host-and-status")]
    [InlineData("example.com:8080", "/path-only", 302, "http://example.com:8080/moved")]
    // Port: named, or left out when it is the scheme's default.
    [InlineData("example.com", "/port", 302, "http://example.com:8083/port")]
    [InlineData("example.com:8080", "/port-and-host", 302, "http://example.org:8083/port-and-host")]
    [InlineData("example.com:8080", "/port-80", 302, "http://example.org/port-80")]
    // Scheme: its default port, unless one is named.
    [InlineData("example.com:8080", "/scheme", 302, "https://example.com/scheme")]
    [InlineData("example.com", "/scheme-and-host", 302, "https://example.org/scheme-and-host")]
    [InlineData("example.com", "/scheme-port-443", 302, "https://example.org/scheme-port-443")]
    [InlineData("example.com", "/scheme-port-8443", 302, "https://example.org:8443/scheme-port-8443")]
    // The extended status codes.
    [InlineData("example.com", "/see-other", 303, "http://example.com/see-other")]
    [InlineData("example.com", "/temporary", 307, "http://example.com/temporary")]
    [InlineData("example.com", "/permanent", 308, "http://example.com/permanent")]
    public async Task RequestRedirect_AnswersWithTheLocationTheGatewayApiSpecifies(string host, string requested, int status, string location)
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - matches: [{path: {type: PathPrefix, value: /original-prefix}}]
              filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}}]
            - matches: [{path: {type: PathPrefix, value: /full}}]
              filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplaceFullPath, replaceFullPath: /full-path-replacement}}}]
            - matches: [{path: {type: PathPrefix, value: /path-and-host}}]
              filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}}]
            - matches: [{path: {type: PathPrefix, value: /path-and-status}}]
              filters: [{type: RequestRedirect, requestRedirect: {statusCode: 301, path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}}]
            - matches: [{path: {type: PathPrefix, value: /hostname-redirect}}]
              filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org}}]
            - matches: [{path: {type: PathPrefix, value: /host-and-status}}]
              filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, statusCode: 301}}]
            - matches: [{path: {type: PathPrefix, value: /path-only}}]
              filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplaceFullPath, replaceFullPath: /moved}}}]
            - matches: [{path: {type: Exact, value: /port}}]
              filters: [{type: RequestRedirect, requestRedirect: {port: 8083}}]
            - matches: [{path: {type: PathPrefix, value: /port-and-host}}]
              filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, port: 8083}}]
            - matches: [{path: {type: PathPrefix, value: /port-80}}]
              filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, port: 80}}]
            - matches: [{path: {type: Exact, value: /scheme}}]
              filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]
            - matches: [{path: {type: PathPrefix, value: /scheme-and-host}}]
              filters: [{type: RequestRedirect, requestRedirect: {scheme: https, hostname: example.org}}]
            - matches: [{path: {type: PathPrefix, value: /scheme-port-443}}]
              filters: [{type: RequestRedirect, requestRedirect: {scheme: https, hostname: example.org, port: 443}}]
            - matches: [{path: {type: PathPrefix, value: /scheme-port-8443}}]
              filters: [{type: RequestRedirect, requestRedirect: {scheme: https, hostname: example.org, port: 8443}}]
            - matches: [{path: {type: PathPrefix, value: /see-other}}]
              filters: [{type: RequestRedirect, requestRedirect: {statusCode: 303}}]
            - matches: [{path: {type: PathPrefix, value: /temporary}}]
              filters: [{type: RequestRedirect, requestRedirect: {statusCode: 307}}]
            - matches: [{path: {type: PathPrefix, value: /permanent}}]
              filters: [{type: RequestRedirect, requestRedirect: {statusCode: 308}}]
            """), s_backends);

        using var response = await mesh.GetAsync(host, requested);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
        Assert.Empty(mesh["infra-backend-v1"].Received);
    }

    [Theory]
    [InlineData("/none", 500)]
    [InlineData("/zero", 500)]
    [InlineData("/headers-only", 500)]
    public async Task RuleWithoutABackendOfPositiveWeight_Answers500(string path, int status)
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - matches: [{path: {type: PathPrefix, value: /none}}]
            - matches: [{path: {type: PathPrefix, value: /zero}}]
              backendRefs: [{name: infra-backend-v1, port: 8080, weight: 0}, {name: infra-backend-v2, port: 8080, weight: 0}]
            - matches: [{path: {type: PathPrefix, value: /headers-only}}]
              filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-Set, value: yes}]}}]
            """), s_backends);

        using var response = await mesh.GetAsync("example.com", path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Empty(mesh["infra-backend-v1"].Received);
        Assert.Empty(mesh["infra-backend-v2"].Received);
    }

    [Fact]
    public async Task ZeroWeightBackend_GetsNoTraffic()
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - backendRefs: [{name: infra-backend-v1, port: 8080, weight: 0}, {name: infra-backend-v2, port: 8080, weight: 1}]
            """), s_backends);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("infra-backend-v2", (await mesh.ForwardAsync("example.com", "/")).Workload);
        }
    }
}

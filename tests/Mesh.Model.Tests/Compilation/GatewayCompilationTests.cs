using Mesh.Model.Resources;
using Mesh.Model.Snapshots;
using Mesh.Model.Tests.TestData;

namespace Mesh.Model.Tests.Compilation;

public sealed class GatewayCompilationTests
{
    [Fact]
    public void Compile_BookinfoGateway_GatewayGetsTheBoundVirtualService()
    {
        var snapshot = Compile.Resources("gateway", Read("bookinfo-gateway.yaml"), ProxyMode.Gateway);

        var host = Assert.Single(snapshot.GatewayHosts);
        Assert.Equal("*", host.Host);
        var route = Assert.Single(host.Routes);
        Assert.Equal(
            [(MatchKind.Exact, "/productpage"), (MatchKind.Prefix, "/static"), (MatchKind.Exact, "/login"), (MatchKind.Exact, "/logout"), (MatchKind.Prefix, "/api/v1/products")],
            route.Matches.Select(m => (m.Path!.Kind, m.Path.Value)));
        Assert.Equal(("productpage", 9080), (Assert.Single(route.Destinations).Service, route.Destinations[0].Port));
    }

    [Fact]
    public void Compile_GatewaySelectorMissesTheWorkload_NoRoutes()
    {
        var snapshot = Compile.Resources("productpage", Read("bookinfo-gateway.yaml"), ProxyMode.Gateway);

        Assert.Empty(snapshot.GatewayHosts);
    }

    [Fact]
    public void Compile_HttpRouteWithGatewayParent_OrdersRulesByGatewayApiPrecedence()
    {
        var snapshot = Compile.Resources("gateway", Read("httproute-gateway-parent.yaml"), ProxyMode.Gateway);

        var host = Assert.Single(snapshot.GatewayHosts);
        Assert.Equal("bookinfo.example.com", host.Host);
        Assert.Collection(
            host.Routes,
            redirect => Assert.Equal(
                new RedirectConfig { Path = "/productpage", PathReplacement = PathReplacement.FullPath, PortSource = RedirectPortSource.Listener, StatusCode = 302 },
                redirect.Redirect),
            api =>
            {
                Assert.Equal((MatchKind.PathPrefix, "/api/v1/products"), (api.Matches[0].Path!.Kind, api.Matches[0].Path!.Value));
                Assert.Equal(("debug", "true"), (api.Matches[0].QueryParams[0].Name, api.Matches[0].QueryParams[0].Match.Value));
            },
            rest => Assert.Null(rest.Matches[0].Path));
        Assert.Null(snapshot.Destination("productpage").RouteSource); // A Gateway parent does not route the mesh.
    }

    [Fact]
    public void Compile_IstioGatewayApiSample_ServesEveryHost()
    {
        var snapshot = Compile.Resources("gateway", Read("gateway-api-bookinfo-gateway.yaml"), ProxyMode.Gateway);

        var host = Assert.Single(snapshot.GatewayHosts);
        Assert.Equal(("*", 5), (host.Host, host.Routes.Count));
        // Exact before prefixes, longer before shorter.
        Assert.Equal(["/productpage", "/logout", "/login", "/api/v1/products", "/static"], host.Routes.Select(r => r.Matches[0].Path!.Value));
    }

    [Fact]
    public void Compile_HostsOfSeveralResources_MostSpecificFirst()
    {
        var snapshot = Compile.Yaml("gateway", """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: gw}
            spec:
              servers:
              - port: {number: 80, name: http, protocol: HTTP}
                hosts: ["*"]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: a}
            spec:
              hosts: ["*", "*.example.com", "shop.example.com"]
              gateways: [gw]
              http:
              - route: [{destination: {host: productpage}}]
            """, ProxyMode.Gateway);

        Assert.Equal(["shop.example.com", "*.example.com", "*"], snapshot.GatewayHosts.Select(h => h.Host));
    }

    [Theory]
    [InlineData("{name: ingress}", new[] { "a.example", "b.example" })]
    [InlineData("{name: ingress, port: 8080}", new[] { "b.example" })]
    [InlineData("{name: ingress, sectionName: first, port: 80}", new[] { "a.example" })]
    public void Compile_ParentRefPort_AttachesOnlyToListenersOnThatPort(string parent, string[] hosts)
    {
        var snapshot = Compile.Yaml("gateway", $$"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: ingress}
            spec:
              gatewayClassName: istio
              listeners:
              - {name: first, port: 80, protocol: HTTP, hostname: a.example}
              - {name: second, port: 8080, protocol: HTTP, hostname: b.example}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: by-port}
            spec:
              parentRefs: [{{parent}}]
              rules: [{backendRefs: [{name: productpage, port: 9080}]}]
            """, ProxyMode.Gateway);

        Assert.Equal(hosts, snapshot.GatewayHosts.Select(h => h.Host).Order(StringComparer.Ordinal));
    }

    private static IReadOnlyList<ConfigResource> Read(string name) => TestFiles.Resources(name);
}

using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Gateway;

/// <summary>
/// HTTPRoute matching through the ingress gateway, as the Gateway API specifies it (and its conformance suite checks it):
/// path (<c>Exact</c>, element-wise <c>PathPrefix</c>), headers (names case-insensitive), query parameters (names
/// case-sensitive), method; every field of a match ANDed, the matches of a rule ORed; and the precedence across rules
/// and routes: exact path, longer prefix, method, more headers, more query parameters, then route and rule order.
/// </summary>
public sealed class HttpRouteMatchingTests
{
    private const string V1 = "infra-backend-v1";
    private const string V2 = "infra-backend-v2";
    private const string V3 = "infra-backend-v3";
    private static readonly string[] s_backends = [V1, V2, V3];

    [Fact]
    public async Task PathPrefixAndHeaders_RulesOrMatches_LongerPrefixAndMoreHeadersWin()
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - matches:
              - path: {type: PathPrefix, value: /}
              - headers: [{name: release, value: first}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches:
              - path: {type: PathPrefix, value: /v2}
              - headers: [{name: release, value: second}]
              backendRefs: [{name: infra-backend-v2, port: 8080}]
            """, "example.com"), s_backends);

        await mesh.AssertRoutesAsync(
            new("/", V1),
            new("/anything", V1),
            new RouteCase("/", V1).Header("Release", "first"),
            new("/v2", V2),
            new("/v2/", V2),
            new("/v2/anything", V2),
            // A header match without a path is a prefix "/" with one header: it beats the bare "/".
            new RouteCase("/", V2).Header("release", "second"),
            // PathPrefix matches whole path elements.
            new("/v2anything", V1),
            new("/other/v2/anything", V1));
    }

    [Fact]
    public async Task AcrossRoutes_OnlyTheHostnamesARouteNames_AndPrecedenceAcrossThem()
    {
        await using var mesh = await GatewayMesh.StartAsync(string.Join("\n---\n",
            GatewayMesh.SameNamespace,
            GatewayMesh.HttpRoute("first-part", "same-namespace", """
                - matches:
                  - path: {type: PathPrefix, value: /}
                  - headers: [{name: release, value: first}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                """, "example.com", "example.net"),
            GatewayMesh.HttpRoute("second-part", "same-namespace", """
                - matches:
                  - path: {type: PathPrefix, value: /v2}
                  - headers: [{name: release, value: second}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                """, "example.com")), s_backends);

        await mesh.AssertRoutesAsync(
            new("/", V1),
            new("/anything", V1),
            new RouteCase("/anything", V1) { Host = "example.net" },
            new RouteCase("/anything", V1).Header("release", "first"),
            new("/v2", V2),
            new("/v2/anything", V2),
            new RouteCase("/", V2).Header("release", "second"),
            // The second route does not name example.net.
            new RouteCase("/v2", V1) { Host = "example.net" },
            new RouteCase("/v2", null) { Host = "example.org" });
    }

    [Fact]
    public async Task ExactAndPrefix_ExactBeatsPrefix_LongerPrefixBeatsShorter_WhateverTheRuleOrder()
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - matches: [{path: {type: PathPrefix, value: /order/}}]
              backendRefs: [{name: infra-backend-v3, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /order/prefix/}}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /order/prefix/deeper}}]
              backendRefs: [{name: infra-backend-v2, port: 8080}]
            - matches: [{path: {type: Exact, value: /order}}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{path: {type: Exact, value: /order/exact}}]
              backendRefs: [{name: infra-backend-v2, port: 8080}]
            - matches: [{path: {type: Exact, value: /order/exact/deeper}}]
              backendRefs: [{name: infra-backend-v3, port: 8080}]
            """, "example.com"), s_backends);

        await mesh.AssertRoutesAsync(
            new("/order/exact/deeper", V3),
            new("/order/exact", V2),
            new("/order", V1),
            new("/order/prefix/deeper/x", V2),
            new("/order/prefix/x", V1),
            new("/order/x", V3));
    }

    [Fact]
    public async Task ExactPath_IsCaseSensitiveAndWhole()
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - matches: [{path: {type: Exact, value: /first}}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{path: {type: Exact, value: /second}}]
              backendRefs: [{name: infra-backend-v2, port: 8080}]
            """, "example.com"), s_backends);

        await mesh.AssertRoutesAsync(
            new("/first", V1),
            new("/second", V2),
            new("/second?with=query", V2),
            new("/", null),
            new("/first/more", null),
            new("/second/", null),
            new("/Second", null));
    }

    [Fact]
    public async Task Headers_AllOfAMatch_AnyOfARule_MoreHeadersWin()
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - matches: [{headers: [{name: tier, value: gold}]}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{headers: [{name: tier, value: silver}]}]
              backendRefs: [{name: infra-backend-v2, port: 8080}]
            - matches: [{headers: [{name: tier, value: silver}, {name: shade, value: dark}]}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches:
              - headers: [{name: shade, value: light}]
              - headers: [{name: shade, value: pale}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches:
              - headers: [{name: shade, value: deep}]
              - headers: [{name: shade, value: bright}]
              backendRefs: [{name: infra-backend-v2, port: 8080}]
            """, "example.com"), s_backends);

        await mesh.AssertRoutesAsync(
            new RouteCase("/", V1).Header("Tier", "gold"),
            new RouteCase("/", V2).Header("tier", "silver"),
            new RouteCase("/", V1).Header("TIER", "silver").Header("Shade", "dark"),
            new RouteCase("/", V2).Header("tier", "silver").Header("shade", "light"),
            new RouteCase("/", null).Header("shade", "dark"),
            new RouteCase("/", null).Header("other", "gold"),
            new RouteCase("/", V1).Header("shade", "light"),
            new RouteCase("/", V1).Header("shade", "pale"),
            new RouteCase("/", V2).Header("shade", "deep"),
            new RouteCase("/", V2).Header("shade", "bright"),
            new RouteCase("/", null).Header("shade", "Gold"),
            new RouteCase("/", null).Header("tier", "Gold"));
    }

    [Fact]
    public async Task QueryParams_NamesCaseSensitive_CombinedWithPathAndHeaders_MoreParamsWin()
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - matches: [{queryParams: [{name: fish, value: cod}]}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{queryParams: [{name: fish, value: eel}]}]
              backendRefs: [{name: infra-backend-v2, port: 8080}]
            - matches:
              - queryParams: [{name: fish, value: eel}, {name: size, value: big}]
              - queryParams: [{name: FISH, value: Cod}]
              backendRefs: [{name: infra-backend-v3, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /sea}, queryParams: [{name: fish, value: cod}]}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{headers: [{name: tier, value: gold}], queryParams: [{name: fish, value: cod}]}]
              backendRefs: [{name: infra-backend-v2, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /lake}, headers: [{name: tier, value: silver}], queryParams: [{name: fish, value: cod}]}]
              backendRefs: [{name: infra-backend-v3, port: 8080}]
            - matches:
              - {path: {type: PathPrefix, value: /river}, queryParams: [{name: fish, value: pike}]}
              - {path: {type: PathPrefix, value: /pond}, headers: [{name: tier, value: bronze}], queryParams: [{name: fish, value: carp}]}
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /bay}}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{queryParams: [{name: fish, value: ray}]}]
              backendRefs: [{name: infra-backend-v2, port: 8080}]
            - matches: [{headers: [{name: tier, value: iron}]}]
              backendRefs: [{name: infra-backend-v3, port: 8080}]
            """, "example.com"), s_backends);

        await mesh.AssertRoutesAsync(
            new("/?fish=cod", V1),
            new("/?fish=eel", V2),
            new("/?fish=eel&size=big", V3),
            new("/?FISH=Cod", V3),
            new("/?fish=cod&unrelated=yes", V1),
            new("/?fish=eel&size=small", V2),
            new("/?size=big", null),
            new("/?fish=trout", null),
            new("/?fish=codeel", null),
            new("/?Fish=cod", null),
            new("/", null),
            new("/sea?fish=cod", V1),
            new RouteCase("/?fish=cod", V2).Header("tier", "gold"),
            new RouteCase("/lake?fish=cod", V3).Header("tier", "silver"),
            new("/river?fish=pike", V1),
            new RouteCase("/pond?fish=carp", V1).Header("tier", "bronze"),
            new("/?fish=pike", null),
            new("/pond?fish=carp", null),
            // Precedence: a longer path prefix beats query parameters, which a header match does not outrank.
            new("/bay?fish=ray", V1),
            new RouteCase("/?fish=ray", V3).Header("tier", "iron"),
            // Envoy (and the Gateway API's recommendation) match a repeated parameter's first value.
            new("/?fish=cod&fish=eel", V1));
    }

    [Fact]
    public async Task Method_AloneAndCombined_MethodBeatsHeadersAndQuery()
    {
        await using var mesh = await GatewayMesh.StartAsync(GatewayMesh.Route("""
            - matches: [{method: POST}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{method: GET}]
              backendRefs: [{name: infra-backend-v2, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /sea}, method: GET}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{headers: [{name: tier, value: gold}], method: PUT}]
              backendRefs: [{name: infra-backend-v2, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /lake}, headers: [{name: tier, value: silver}], method: POST}]
              backendRefs: [{name: infra-backend-v3, port: 8080}]
            - matches:
              - {path: {type: PathPrefix, value: /river}, method: PATCH}
              - {path: {type: PathPrefix, value: /pond}, headers: [{name: tier, value: bronze}], method: DELETE}
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /bay}}]
              backendRefs: [{name: infra-backend-v1, port: 8080}]
            - matches: [{method: PATCH}]
              backendRefs: [{name: infra-backend-v2, port: 8080}]
            - matches: [{headers: [{name: tier, value: iron}]}]
              backendRefs: [{name: infra-backend-v3, port: 8080}]
            """, "example.com"), s_backends);

        await mesh.AssertRoutesAsync(
            new RouteCase("/", V1) { Method = "POST" },
            new RouteCase("/", V2) { Method = "GET" },
            new RouteCase("/", null) { Method = "HEAD" },
            new RouteCase("/sea", V1) { Method = "GET" },
            new RouteCase("/", V2) { Method = "PUT" }.Header("tier", "gold"),
            new RouteCase("/lake", V3) { Method = "POST" }.Header("tier", "silver"),
            new RouteCase("/river", V1) { Method = "PATCH" },
            new RouteCase("/pond", V1) { Method = "DELETE" }.Header("tier", "bronze"),
            new RouteCase("/", null) { Method = "PUT" },
            new RouteCase("/pond", null) { Method = "DELETE" },
            new RouteCase("/bay", V1) { Method = "PATCH" },
            new RouteCase("/", V2) { Method = "PATCH" }.Header("tier", "iron"));
    }

    [Fact]
    public async Task ListenerHostnames_RouteHostnamesIntersected_PortIgnored()
    {
        await using var mesh = await GatewayMesh.StartAsync(string.Join("\n---\n",
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: by-host
            spec:
              gatewayClassName: mesh
              listeners:
              - {name: exact, port: 80, protocol: HTTP, hostname: api.example.com}
              - {name: wildcard, port: 80, protocol: HTTP, hostname: "*.apps.example"}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: any-host
            spec:
              gatewayClassName: mesh
              listeners:
              - {name: http, port: 80, protocol: HTTP}
            """,
            GatewayMesh.HttpRoute("exact-on-exact", "by-host", """
                - matches: [{path: {type: PathPrefix, value: /one}}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                """, "unrelated.example", "api.example.com"),
            GatewayMesh.HttpRoute("exact-on-wildcard", "by-host", """
                - matches: [{path: {type: PathPrefix, value: /two}}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                """, "apps.example", "shop.apps.example", "deep.shop.apps.example"),
            GatewayMesh.HttpRoute("wildcard-on-exact", "by-host", """
                - matches: [{path: {type: PathPrefix, value: /three}}]
                  backendRefs: [{name: infra-backend-v3, port: 8080}]
                """, "*.example.com"),
            GatewayMesh.HttpRoute("on-any", "any-host", """
                - backendRefs: [{name: infra-backend-v2, port: 8080}]
                """, "first.example", "sub.first.example"),
            GatewayMesh.HttpRoute("any-host-catch", "any-host", """
                - matches: [{path: {type: PathPrefix, value: /other}}]
                  backendRefs: [{name: infra-backend-v3, port: 8080}]
                """)), s_backends);

        await mesh.AssertRoutesAsync(
            new RouteCase("/one", V1) { Host = "api.example.com" },
            new RouteCase("/one", V1) { Host = "api.example.com:1234" },
            new RouteCase("/one", null) { Host = "unrelated.example" },
            new RouteCase("/one", null) { Host = "shop.apps.example" },
            // The most specific host's routes only, as Envoy picks one virtual host: /other is only a "*" route.
            new RouteCase("/other", null) { Host = "api.example.com" },
            new RouteCase("/other", V3) { Host = "second.example" },
            new RouteCase("/two", V2) { Host = "shop.apps.example" },
            new RouteCase("/two", V2) { Host = "deep.shop.apps.example" },
            new RouteCase("/two", null) { Host = "apps.example" },
            new RouteCase("/two", null) { Host = "api.example.com" },
            new RouteCase("/three", V3) { Host = "api.example.com" },
            new RouteCase("/three", null) { Host = "www.example.com" },
            new RouteCase("/", V2) { Host = "first.example" },
            new RouteCase("/", V2) { Host = "sub.first.example" },
            new RouteCase("/", null) { Host = "second.example" });
    }
}

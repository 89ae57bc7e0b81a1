using Mesh.Model.Parsing;
using Mesh.Model.Validation;

namespace Mesh.Model.Tests.Validation;

/// <summary>
/// What the Gateway API specifies an HTTPRoute may not say, refused (errors) or flagged (warnings) with the field and the
/// reason; and that what it allows passes.
/// </summary>
public sealed class HttpRouteSpecificationTests
{
    public static TheoryData<string, string[]> Rules => new()
    {
        // Filters: one of each type per rule (RequestMirror may repeat), URLRewrite and RequestRedirect never together.
        {
            """
            - filters:
              - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: a, value: "1"}]}}
              - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: b, value: "2"}]}}
              - {type: RequestMirror, requestMirror: {backendRef: {name: ratings, port: 9080}}}
              - {type: RequestMirror, requestMirror: {backendRef: {name: details, port: 9080}}}
              backendRefs: [{name: reviews, port: 9080}]
            """,
            ["error spec.rules[0].filters[1].type: a second RequestHeaderModifier filter: the Gateway API allows one per rule (RequestMirror excepted)"]
        },
        {
            """
            - filters:
              - {type: URLRewrite, urlRewrite: {hostname: a.example}}
              - {type: RequestRedirect, requestRedirect: {hostname: b.example}}
            """,
            ["error spec.rules[0].filters: URLRewrite and RequestRedirect exclude each other"]
        },
        // One action per header name, names without case.
        {
            """
            - filters:
              - type: RequestHeaderModifier
                requestHeaderModifier: {set: [{name: X-One, value: a}], add: [{name: x-one, value: b}], remove: [X-ONE, x-two]}
              backendRefs: [{name: reviews, port: 9080}]
            """,
            [
                "error spec.rules[0].filters[0].requestHeaderModifier.add[0].name: header \"x-one\" already has an action (set[0]); the Gateway API allows one per header name",
                "error spec.rules[0].filters[0].requestHeaderModifier.remove[0]: header \"X-ONE\" already has an action (set[0]); the Gateway API allows one per header name",
            ]
        },
        // Filters the mesh cannot run are refused, never skipped.
        {
            """
            - filters:
              - {type: CORS, cors: {allowOrigins: ["https://a.example"]}}
              - {type: ExtensionRef, extensionRef: {group: example.com, kind: Filter, name: f}}
              backendRefs: [{name: reviews, port: 9080}]
            """,
            [
                "error spec.rules[0].filters[0].type: filter type CORS is not supported by the mesh, and the Gateway API does not let a request pass without a filter it names; remove it to route locally",
                "error spec.rules[0].filters[1].type: filter type ExtensionRef is not supported by the mesh, and the Gateway API does not let a request pass without a filter it names; remove it to route locally",
            ]
        },
        {
            """
            - backendRefs:
              - name: reviews
                port: 9080
                filters: [{type: URLRewrite, urlRewrite: {hostname: a.example}}]
            """,
            ["error spec.rules[0].backendRefs[0].filters[0].type: URLRewrite on a backendRef is not supported by the mesh (only the header modifiers are); put it on the rule"]
        },
        // Redirect status codes: Envoy's five.
        {
            """
            - filters: [{type: RequestRedirect, requestRedirect: {statusCode: 304}}]
            """,
            ["error spec.rules[0].filters[0].requestRedirect.statusCode: 304 is not a redirect status (301, 302, 303, 307 or 308)"]
        },
        // Paths: no consecutive slashes; ReplacePrefixMatch may be empty but must be there.
        {
            """
            - matches: [{path: {type: PathPrefix, value: /a//b}}]
              filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: ""}}}]
              backendRefs: [{name: reviews, port: 9080}]
            - matches: [{path: {type: PathPrefix, value: /c}}]
              filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch}}}]
              backendRefs: [{name: reviews, port: 9080}]
            """,
            [
                "error spec.rules[0].matches[0].path.value: \"/a//b\" must not contain consecutive '/'",
                "error spec.rules[1].filters[0].urlRewrite.path.replacePrefixMatch: required for type ReplacePrefixMatch",
            ]
        },
        // Only the first match of a name counts: a repeated one is flagged, headers without case.
        {
            """
            - matches:
              - headers: [{name: version, value: a}, {name: Version, value: b}]
                queryParams: [{name: q, value: a}, {name: Q, value: b}, {name: q, value: c}]
              backendRefs: [{name: reviews, port: 9080}]
            """,
            [
                "warning spec.rules[0].matches[0].headers[1].name: \"Version\" is matched already; only the first match of a name counts, as the Gateway API specifies; ignored",
                "warning spec.rules[0].matches[0].queryParams[2].name: \"q\" is matched already; only the first match of a name counts, as the Gateway API specifies; ignored",
            ]
        },
        // Rule names are unique within a route.
        {
            """
            - name: first
              backendRefs: [{name: reviews, port: 9080}]
            - name: first
              backendRefs: [{name: reviews, port: 9080}]
            """,
            ["error spec.rules[1].name: rule name \"first\" is used twice; the Gateway API requires each to be unique within the route"]
        },
        // Weights: 0 sends nothing; all 0 (or none) answers 500.
        {
            """
            - backendRefs: [{name: reviews, port: 9080, weight: 0}]
            """,
            ["warning spec.rules[0]: every backendRef has weight 0: matching requests get 500, as the Gateway API specifies"]
        },
        // What the specification allows.
        {
            """
            - name: everything
              matches:
              - path: {type: PathPrefix, value: /api/}
                headers: [{name: version, value: v2}, {type: RegularExpression, name: user, value: "j.*"}]
                queryParams: [{name: q, value: "1"}]
                method: PATCH
              filters:
              - type: RequestHeaderModifier
                requestHeaderModifier: {set: [{name: a, value: "1"}], add: [{name: b, value: "2"}], remove: [c]}
              - type: ResponseHeaderModifier
                responseHeaderModifier: {set: [{name: a, value: "1"}]}
              - {type: URLRewrite, urlRewrite: {hostname: api.example, path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}
              - {type: RequestMirror, requestMirror: {backendRef: {name: ratings, port: 9080}, percent: 50}}
              - {type: RequestMirror, requestMirror: {backendRef: {name: details, port: 9080}, fraction: {numerator: 1, denominator: 4}}}
              backendRefs:
              - name: reviews-v1
                port: 9080
                weight: 3
                filters:
                - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: d, value: "4"}]}}
                - {type: ResponseHeaderModifier, responseHeaderModifier: {add: [{name: e, value: "5"}]}}
              - {name: reviews-v2, port: 9080, weight: 0}
              timeouts: {request: 10s, backendRequest: 2s}
              retry: {codes: [500, 503], attempts: 3, backoff: 100ms}
            - filters: [{type: RequestRedirect, requestRedirect: {scheme: https, hostname: a.example, port: 8443, statusCode: 308, path: {type: ReplaceFullPath, replaceFullPath: /x}}}]
            """,
            []
        },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Validate_Rules_AsTheGatewayApiSpecifies(string rules, string[] expected)
    {
        var diagnostics = Validate(HttpRoutes.ForReviews(rules));

        Assert.Equal(expected.Order(StringComparer.Ordinal), diagnostics.Select(Describe).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("[api.example.com, \"*.example.com\"]", new string[0])]
    [InlineData("[\"10.0.0.1\"]", new[] { "error spec.hostnames[0]: \"10.0.0.1\" is an IP address; hostnames name hosts by DNS name" })]
    [InlineData("[\"a.*.example\"]", new[] { "error spec.hostnames[0]: \"a.*.example\" has a wildcard other than a leading \"*.\" label" })]
    [InlineData("[\"example.com:8080\"]", new[] { "error spec.hostnames[0]: \"example.com:8080\" is not a DNS name (letters, digits and '-' in dot-separated labels; no port)" })]
    public void Validate_Hostnames_DnsNamesWithAnOptionalLeadingWildcard(string hostnames, string[] expected)
    {
        var diagnostics = Validate(Gateway + $"""

            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {"{"}name: hosts{"}"}
            spec:
              parentRefs: [{"{"}name: ingress{"}"}]
              hostnames: {hostnames}
              rules: [{"{"}backendRefs: [{"{"}name: productpage, port: 9080{"}"}]{"}"}]
            """);

        Assert.Equal(expected, diagnostics.Select(Describe));
    }

    [Theory]
    [InlineData("{name: ingress, port: 80}", new string[0])]
    [InlineData("{name: ingress, sectionName: http, port: 80}", new string[0])]
    [InlineData("{name: ingress, port: 8080}", new[] { "error spec.parentRefs[0].port: Gateway default/ingress has no listener on port 8080" })]
    public void Validate_ParentRefPort_MustNameAListenerPort(string parent, string[] expected)
    {
        var diagnostics = Validate(Gateway + $"""

            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {"{"}name: by-port{"}"}
            spec:
              parentRefs: [{parent}]
              rules: [{"{"}backendRefs: [{"{"}name: productpage, port: 9080{"}"}]{"}"}]
            """);

        Assert.Equal(expected, diagnostics.Select(Describe));
    }

    private const string Gateway = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: ingress}
        spec:
          gatewayClassName: istio
          listeners: [{name: http, port: 80, protocol: HTTP}]
        """;

    private static IReadOnlyList<ConfigDiagnostic> Validate(string yaml)
    {
        var read = ResourceReader.Read(yaml, "test.yaml");
        return [.. read.Diagnostics, .. ConfigValidator.Validate(read.Resources, Bookinfo.Catalog)];
    }

    private static string Describe(ConfigDiagnostic diagnostic) =>
        $"{(diagnostic.IsError ? "error" : "warning")} {diagnostic.Path}: {diagnostic.Message}";
}

using Mesh.Model.Parsing;
using Mesh.Model.Resources;
using Mesh.Model.Validation;

namespace Mesh.Model.Tests.Validation;

public sealed class ConfigValidatorTests
{
    [Fact]
    public void Validate_ResourceBuiltInCode_NamesCodeAsSourceWithoutLine()
    {
        VirtualService resource = new()
        {
            Metadata = new ResourceMetadata { Name = "reviews" },
            Spec = new VirtualServiceSpec
            {
                Hosts = ["reviews"],
                Http = [new VirtualServiceRoute { Route = [Weighted(60), Weighted(30)] }],
            },
        };

        var diagnostic = Assert.Single(ConfigValidator.Validate([resource], Bookinfo.Catalog));

        Assert.Equal("code (VirtualService default/reviews): spec.http[0].route[1].weight: error: weights add up to 90, expected 100", diagnostic.ToString());

        static HttpRouteDestination Weighted(int weight) => new() { Destination = new Destination { Host = "reviews" }, Weight = weight };
    }

    [Fact]
    public void Validate_OneDestinationWithoutWeight_IsValidButSeveralAreNot()
    {
        Assert.Empty(Validate("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http: [{route: [{destination: {host: reviews}}]}]
            """));
        Assert.Equal(
            "spec.http[0].route: 2 destinations without weights; give each a weight, adding up to 100",
            Describe(Assert.Single(Validate("""
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: reviews}
                spec:
                  hosts: [reviews]
                  http: [{route: [{destination: {host: reviews}}, {destination: {host: reviews.default}}]}]
                """))));
    }

    [Fact]
    public void Validate_FaultWithoutPercentage_WarnsLikeIstio()
    {
        var diagnostics = Validate("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: ratings}
            spec:
              hosts: [ratings]
              http:
              - fault: {abort: {httpStatus: 500}}
                route: [{destination: {host: ratings}}]
            """);

        var warning = Assert.Single(diagnostics);
        Assert.Equal((DiagnosticSeverity.Warning, "spec.http[0].fault.abort"), (warning.Severity, warning.Path));
        Assert.StartsWith("no percentage: no request is aborted", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("envoy-ratelimited")]
    [InlineData("retriable-headers")]
    [InlineData("http3-post-connect-failure")]
    public void Validate_RetryConditionTheMeshCannotHonour_WarnsThatItRetriesNothing(string condition)
    {
        var diagnostics = Validate($$$"""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - route: [{destination: {host: reviews}}]
                retries: {attempts: 2, retryOn: "5xx,{{{condition}}}"}
            """);

        var warning = Assert.Single(diagnostics);
        Assert.Equal((DiagnosticSeverity.Warning, "spec.http[0].retries.retryOn", DiagnosticCodes.UnsupportedValue), (warning.Severity, warning.Path, warning.Code));
        Assert.Equal($"\"{condition}\" is not supported by the mesh; no request is retried for it", warning.Message);
    }

    [Fact]
    public void Validate_RouteSettings_ChecksRetriesRedirectAndDirectResponse()
    {
        var diagnostics = Validate("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - route: [{destination: {host: reviews}}]
                retries: {attempts: -1, retryOn: "5xx,sometimes", perTryTimeout: 0s}
              - redirect: {uri: /a, prefixRewrite: /b, redirectCode: 200, scheme: ftp}
              - directResponse: {status: 99}
              - route: [{destination: {host: reviews}}]
                redirect: {uri: /x}
            """);

        Assert.Equal(
            [
                "spec.http[0].retries.attempts: -1 is not at least 0",
                "spec.http[0].retries.perTryTimeout: 0s is less than 1ms",
                "spec.http[0].retries.retryOn: \"sometimes\" is not a retry condition (e.g. 5xx, gateway-error, reset, connect-failure, retriable-4xx, refused-stream, or a status code)",
                "spec.http[1].redirect.redirectCode: 200 is not within 300-399",
                "spec.http[1].redirect.scheme: \"ftp\" is not http or https",
                "spec.http[1].redirect: uri and prefixRewrite exclude each other",
                "spec.http[2].directResponse.status: HTTP status 99 is outside 200-599",
                "spec.http[3]: route, redirect and directResponse exclude each other",
            ],
            diagnostics.Select(Describe).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_Redirect_PortAndDerivePortExcludeEachOther_CodesOutsideEnvoysWarn()
    {
        var diagnostics = Validate("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - redirect: {authority: ratings, port: 8080, derivePort: FROM_REQUEST_PORT}
              - redirect: {derivePort: FROM_PROTOCOL_DEFAULT, scheme: https, redirectCode: 305}
              - redirect: {derivePort: FROM_REQUEST_PORT, redirectCode: 308}
            """);

        Assert.Equal(
            [
                "spec.http[0].redirect.derivePort: port and derivePort exclude each other",
                "spec.http[1].redirect.redirectCode: 305 is not one of Envoy's redirect codes (301, 302, 303, 307, 308): answered with 301, as Istio does",
            ],
            diagnostics.Select(Describe).Order(StringComparer.Ordinal));
        Assert.Equal([DiagnosticSeverity.Error, DiagnosticSeverity.Warning], diagnostics.OrderBy(d => d.Path, StringComparer.Ordinal).Select(d => d.Severity));
    }

    [Fact]
    public void Validate_GatewayBoundVirtualService_AllowsExternalHostsButChecksDestinations()
    {
        var diagnostics = Validate("""
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: gw}
            spec:
              selector: {istio: ingressgateway}
              servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: shop}
            spec:
              hosts: ["shop.example.com", "*.example.org"]
              gateways: [gw]
              http: [{route: [{destination: {host: shop}}]}]
            """);

        Assert.Equal("spec.http[0].route[0].destination.host: host \"shop\" names no known service (known services: details, istio-ingressgateway, productpage, ratings, reviews)", Describe(Assert.Single(diagnostics)));
    }

    [Fact]
    public void Validate_RoutingConflicts_VirtualServiceAndHttpRouteAreAnErrorTwoHttpRoutesAWarning()
    {
        var diagnostics = Validate("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: a}
            spec:
              hosts: [details]
              http: [{route: [{destination: {host: details}}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: b}
            spec:
              parentRefs: [{kind: Service, group: "", name: details}]
              rules: [{backendRefs: [{name: details, port: 9080}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: c}
            spec:
              parentRefs: [{kind: Service, group: "", name: ratings}]
              rules: [{backendRefs: [{name: ratings}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: d}
            spec:
              parentRefs: [{kind: Service, group: "", name: ratings}]
              rules: [{backendRefs: [{name: ratings}]}]
            """);

        Assert.Collection(
            diagnostics,
            error => Assert.Equal((DiagnosticSeverity.Error, "b", DiagnosticCodes.Conflict), (error.Severity, error.Name, error.Code)),
            warning => Assert.Equal((DiagnosticSeverity.Warning, "d", DiagnosticCodes.Conflict), (warning.Severity, warning.Name, warning.Code)));
    }

    [Fact]
    public void Validate_TwoNamespaceWidePeerAuthentications_Warns()
    {
        var diagnostics = Validate("""
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: b}
            spec: {mtls: {mode: STRICT}}
            ---
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: a}
            spec: {mtls: {mode: PERMISSIVE}}
            """);

        var warning = Assert.Single(diagnostics);
        Assert.Equal(("b", "PeerAuthentication default/a is also namespace-wide in default; only a applies (the first by name)"), (warning.Name, warning.Message));
    }

    [Fact]
    public void Validate_SelectorsThatSelectNothing_Warn()
    {
        var diagnostics = Validate("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: finance}
            spec:
              selector: {matchLabels: {app: finance}}
              rules: [{}]
            """);

        var warning = Assert.Single(diagnostics);
        Assert.Equal((DiagnosticCodes.NoMatchingWorkloads, "selector app=finance selects no workload in namespace default today"), (warning.Code, warning.Message));
    }

    [Fact]
    public void Validate_UnknownServiceWithNoCatalog_IsAnError()
    {
        var read = ResourceReader.Read("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec: {host: reviews}
            """, "dr.yaml");

        var diagnostic = Assert.Single(ConfigValidator.Validate(read.Resources, Mesh.Model.Compilation.ServiceCatalog.Empty));

        Assert.Equal("spec.host: host \"reviews\" names no known service (no services are known)", Describe(diagnostic));
    }

    private static IReadOnlyList<ConfigDiagnostic> Validate(string yaml)
    {
        var read = ResourceReader.Read(yaml, "test.yaml");
        Assert.Empty(read.Diagnostics);
        return ConfigValidator.Validate(read.Resources, Bookinfo.Catalog);
    }

    private static string Describe(ConfigDiagnostic diagnostic) => $"{diagnostic.Path}: {diagnostic.Message}";
}

using Mesh.Model.Parsing;
using Mesh.Model.Resources;
using Mesh.Model.Validation;

namespace Mesh.Model.Tests.Parsing;

public sealed class ResourceReaderTests
{
    [Fact]
    public void Read_SeveralDocuments_KeepsOrderIndexesAndDefaultNamespace()
    {
        var result = ResourceReader.Read("""
            # a comment-only document and empty ones are skipped
            ---
            ---
            apiVersion: networking.istio.io/v1alpha3
            kind: DestinationRule
            metadata: {name: reviews}
            spec: {host: reviews}
            ---
            apiVersion: security.istio.io/v1beta1
            kind: PeerAuthentication
            metadata: {name: default, namespace: istio-system, labels: {team: mesh}, annotations: {note: hi}}
            spec: {mtls: {mode: STRICT}}
            ---
            """, "two.yaml");

        Assert.Empty(result.Diagnostics);
        Assert.Collection(
            result.Resources,
            rule =>
            {
                var dr = Assert.IsType<DestinationRule>(rule);
                Assert.Equal(("networking.istio.io/v1alpha3", "default", "reviews"), (dr.ApiVersion, dr.Metadata.Namespace, dr.Spec.Host));
                Assert.Equal(("two.yaml", 2), (dr.Origin!.Source, dr.Origin.DocumentIndex));
            },
            peer =>
            {
                var pa = Assert.IsType<PeerAuthentication>(peer);
                Assert.Equal((MutualTlsMode.Strict, "istio-system", "mesh", "hi"), (pa.Spec.Mtls, pa.Metadata.Namespace, pa.Metadata.Labels["team"], pa.Metadata.Annotations["note"]));
                Assert.Equal(3, pa.Origin!.DocumentIndex);
            });
    }

    [Fact]
    public void Read_Fields_RecordTheirLineAndColumn()
    {
        var resource = Assert.Single(ResourceReader.Read("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              hosts: [reviews]
              http:
              - route:
                - destination: {host: reviews, subset: v1}
                  weight: 50
            """, "vs.yaml").Resources);

        Assert.Equal(new SourceLocation(10, 15), resource.Origin!.Find("spec.http[0].route[0].weight"));
        Assert.Equal(new SourceLocation(9, 20), resource.Origin.Find("spec.http[0].route[0].destination"));
        Assert.Equal(new SourceLocation(10, 15), resource.Origin.Find("spec.http[0].route[0].weight.nothing[3]"));
    }

    [Fact]
    public void Read_JsonArray_NamesItemsInPaths()
    {
        var result = ResourceReader.Read("""
            [
            	{"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": {"name": "a"}, "spec": {"host": "reviews"}},
            	{"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": {"name": "b"}, "spec": {"hots": "reviews"}}
            ]
            """, ResourceReader.RequestSource);

        var resource = Assert.Single(result.Resources);
        Assert.Equal("a", resource.Metadata.Name);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("request: document 1 (DestinationRule default/b): [1].spec.hots (line 3, column 106): error: unknown field \"hots\"; did you mean \"host\"?", error.ToString());
    }

    [Fact]
    public void Read_KindList_ReadsItemsWithTheirPrefix()
    {
        var result = ResourceReader.Read("""
            apiVersion: v1
            kind: List
            items:
            - apiVersion: networking.istio.io/v1
              kind: DestinationRule
              metadata: {name: a}
              spec: {host: reviews}
            """, "list.yaml");

        Assert.Empty(result.Diagnostics);
        Assert.Equal("items[0]", Assert.Single(result.Resources).Origin!.PathPrefix);
    }

    [Fact]
    public void Read_DeprecatedIstioFields_AreReadAsTheirReplacements()
    {
        var result = ResourceReader.Read("""
            apiVersion: networking.istio.io/v1alpha3
            kind: VirtualService
            metadata: {name: ratings}
            spec:
              hosts: [ratings]
              http:
              - fault: {delay: {percent: 30, fixedDelay: 2s}}
                mirror: {host: ratings}
                mirrorPercent: 40
                route: [{destination: {host: ratings}}]
            ---
            apiVersion: networking.istio.io/v1alpha3
            kind: DestinationRule
            metadata: {name: ratings}
            spec:
              host: ratings
              trafficPolicy:
                loadBalancer: {simple: LEAST_CONN}
                outlierDetection: {consecutiveErrors: 7}
            """, "old.yaml");

        Assert.Empty(result.Diagnostics);
        var route = Assert.IsType<VirtualService>(result.Resources[0]).Spec.Http[0];
        Assert.Equal((30.0, 40.0), (route.Fault!.Delay!.Percentage, route.MirrorPercentage));
        var policy = Assert.IsType<DestinationRule>(result.Resources[1]).Spec.TrafficPolicy!;
        Assert.Equal((SimpleLoadBalancer.LeastRequest, 7), (policy.LoadBalancer!.Simple, policy.OutlierDetection!.Consecutive5xxErrors));
    }

    [Fact]
    public void Read_KubectlOutput_IgnoresBookkeepingAndStatus()
    {
        var result = ResourceReader.Read("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
              namespace: default
              uid: 4c3b2a10-0000-0000-0000-000000000000
              resourceVersion: "1234"
              generation: 1
              creationTimestamp: "2024-01-01T00:00:00Z"
              managedFields: []
            spec:
              host: reviews
            status:
              observedGeneration: 1
            """, "kubectl.yaml");

        Assert.Empty(result.Diagnostics);
        Assert.Single(result.Resources);
    }

    [Fact]
    public void Read_NullValues_AreAbsentAndAnEmptyHeaderMatchIsPresence()
    {
        var result = ResourceReader.Read("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - match:
                - headers:
                    x-canary:
                timeout: ~
                route: [{destination: {host: reviews}}]
            """, "null.yaml");

        Assert.Empty(result.Diagnostics);
        var route = Assert.IsType<VirtualService>(Assert.Single(result.Resources)).Spec.Http[0];
        Assert.Null(route.Timeout);
        Assert.Equal(new StringMatch(), route.Match[0].Headers["x-canary"]);
    }

    [Fact]
    public void Read_TypeErrors_AreReportedAndTheDocumentDropped()
    {
        var result = ResourceReader.Read("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: reviews
              http:
              - route:
                - destination: {host: reviews}
                  weight: "50"
                match:
                - uri: {exact: /a, prefix: /b}
            ---
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec: {host: reviews}
            """, "types.yaml");

        Assert.IsType<DestinationRule>(Assert.Single(result.Resources));
        Assert.Equal(
            [
                "spec.hosts: expected a list of strings, found \"reviews\"",
                "spec.http[0].route[0].weight: expected an integer, found the string \"50\"",
                "spec.http[0].match[0].uri: set only one of exact, prefix and regex",
            ],
            result.Diagnostics.Select(d => $"{d.Path}: {d.Message}"));
        Assert.All(result.Diagnostics, d => Assert.Equal((DiagnosticSeverity.Error, 1), (d.Severity, d.DocumentIndex)));
    }

    [Fact]
    public void Read_SnakeCaseField_SuggestsTheCamelCaseName()
    {
        var result = ResourceReader.Read("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - route: [{destination: {host: reviews}}]
                retries: {attempts: 3, per_try_timeout: 2s}
            """, "snake.yaml");

        Assert.Equal("unknown field \"per_try_timeout\"; did you mean \"perTryTimeout\"?", Assert.Single(result.Diagnostics).Message);
    }

    [Fact]
    public void Read_UnsupportedFields_WarnAndKeepTheResource()
    {
        var result = ResourceReader.Read("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec:
              host: reviews
              exportTo: ["."]
              trafficPolicy:
                loadBalancer: {simple: RANDOM, localityLbSetting: {enabled: true}}
                portLevelSettings: []
            """, "unsupported.yaml");

        Assert.Single(result.Resources);
        Assert.False(result.HasErrors);
        Assert.Equal(
            ["spec.exportTo", "spec.trafficPolicy.loadBalancer.localityLbSetting", "spec.trafficPolicy.portLevelSettings"],
            result.Diagnostics.Select(d => d.Path));
        Assert.All(result.Diagnostics, d => Assert.Equal((DiagnosticSeverity.Warning, DiagnosticCodes.UnsupportedField), (d.Severity, d.Code)));
    }

    [Fact]
    public void Read_NotAResource_IsReported()
    {
        var result = ResourceReader.Read("- just\n- a list of strings\n", "list.yaml");

        Assert.Equal(2, result.Diagnostics.Count);
        Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticCodes.NotAResource, d.Code));
    }

    [Fact]
    public void Read_GatewayKinds_AreToldApartByGroup()
    {
        var result = ResourceReader.Read("""
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata: {name: gw}
            spec:
              selector: {istio: ingressgateway}
              servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: gw}
            spec:
              gatewayClassName: mesh
              listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]
            """, "gateways.yaml");

        Assert.Empty(result.Diagnostics);
        Assert.IsType<Gateway>(result.Resources[0]);
        Assert.Equal("All", Assert.IsType<KubernetesGateway>(result.Resources[1]).Spec.Listeners[0].AllowedRoutesFrom);
        Assert.NotEqual(result.Resources[0].Key, result.Resources[1].Key);
    }
}

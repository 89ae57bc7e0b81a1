using Mesh.Model.Compilation;
using Mesh.Model.Parsing;
using Mesh.Model.Registry;
using Mesh.Model.Snapshots;
using Mesh.Sidecar.Outbound;

namespace Mesh.Sidecar.Tests.Outbound;

public sealed class OutboundSnapshotCheckTests
{
    [Fact]
    public void TryValidate_CompiledIstioRoute_Accepts()
    {
        Assert.True(OutboundSnapshotCheck.TryValidate(CompileReviewsRoute(), out var reason), reason);
    }

    [Fact]
    public void TryValidate_NoConfig_Accepts()
    {
        Assert.True(OutboundSnapshotCheck.TryValidate(null, out _));
    }

    [Fact]
    public void TryValidate_RegexThisRuntimeCannotCompile_RefusesNamingIt()
    {
        var config = CompileReviewsRoute();
        var destination = config.Destinations.Single(d => d.Service == "reviews");
        var route = destination.Routes[0];
        var match = route.Matches[0];
        var broken = config with
        {
            Destinations =
            [
                destination with
                {
                    Routes = [route with { Matches = [match with { Path = match.Path! with { Value = "/api/(" } }] }, .. destination.Routes.Skip(1)],
                },
            ],
        };

        Assert.False(OutboundSnapshotCheck.TryValidate(broken, out var reason));
        Assert.Contains("regex '/api/(' does not compile", reason, StringComparison.Ordinal);
    }

    private static ConfigSnapshot CompileReviewsRoute()
    {
        var read = ResourceReader.Read("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - match:
                - uri: {regex: "/reviews/[0-9]+"}
                route:
                - destination: {host: reviews}
            """, "test");
        Assert.False(read.HasErrors, string.Join("; ", read.Diagnostics));
        WorkloadRegistration[] workloads =
        [
            new() { Workload = "reviews-v1", Service = "reviews", Version = "v1", ServiceAccount = "bookinfo-reviews", InboundAddress = "http://127.0.0.1:1" },
            new() { Workload = "productpage", Service = "productpage", Version = "v1", ServiceAccount = "bookinfo-productpage", InboundAddress = "http://127.0.0.1:2" },
        ];
        return ConfigCompiler.Compile(read.Resources, ServiceCatalog.FromRegistrations(workloads), ProxyIdentity.FromRegistration(workloads[1]));
    }
}

using Aspire.Hosting.Internal.Commands;
using Mesh.Model.Parsing;
using Mesh.Model.Resources;

namespace Mesh.Hosting.Tests.Commands;

/// <summary>The resources the traffic and fault commands write, read back as the control plane reads them.</summary>
public sealed class DashboardRouteTests
{
    [Fact]
    public void ShiftAndFaults_OneVirtualService_HoldsTheWeightedSubsetsAndBothFaults()
    {
        var route = new DashboardRoute("reviews", "default")
        {
            Shift = [new("v1", 50), new("v3", 50)],
            Delay = new DelayFault(TimeSpan.FromSeconds(2), 50),
            Abort = new AbortFault(503, 10),
        };

        var service = Assert.IsType<VirtualService>(Assert.Single(Read(route.ToJson(subsetVersions: null))));

        Assert.Equal("dashboard-reviews", service.Metadata.Name);
        Assert.Equal("mesh-dashboard", service.Metadata.Labels["app.kubernetes.io/managed-by"]);
        Assert.Equal(["reviews"], service.Spec.Hosts);
        var http = Assert.Single(service.Spec.Http);
        Assert.Equal(["reviews/v1/50", "reviews/v3/50"], http.Route.Select(d => $"{d.Destination.Host}/{d.Destination.Subset}/{d.Weight}"));
        Assert.Equal(TimeSpan.FromSeconds(2), http.Fault!.Delay!.FixedDelay);
        Assert.Equal(50, http.Fault.Delay.Percentage);
        Assert.Equal(503, http.Fault.Abort!.HttpStatus);
        Assert.Equal(10, http.Fault.Abort.Percentage);
    }

    [Fact]
    public void FaultWithoutShift_RoutesToTheHostWithoutSubsets()
    {
        var route = new DashboardRoute("ratings", "default") { Abort = new AbortFault(500, 100) };

        var service = Assert.IsType<VirtualService>(Assert.Single(Read(route.ToJson(subsetVersions: null))));

        var destination = Assert.Single(Assert.Single(service.Spec.Http).Route);
        Assert.Equal("ratings", destination.Destination.Host);
        Assert.Null(destination.Destination.Subset);
        Assert.Null(destination.Weight);
        Assert.Null(service.Spec.Http[0].Fault!.Delay);
    }

    [Fact]
    public void WithSubsets_AlsoWritesADestinationRuleWithOneSubsetPerVersion()
    {
        var route = new DashboardRoute("reviews", "default") { Shift = [new("v3", 100)] };

        var resources = Read(route.ToJson(["v1", "v2", "v3"]));

        var rule = Assert.IsType<DestinationRule>(resources[0]);
        Assert.Equal("dashboard-reviews", rule.Metadata.Name);
        Assert.Equal("reviews", rule.Spec.Host);
        Assert.Equal(["v1=v1", "v2=v2", "v3=v3"], rule.Spec.Subsets.Select(s => $"{s.Name}={s.Labels["version"]}"));
        Assert.IsType<VirtualService>(resources[1]);
    }

    [Fact]
    public void Describe_SaysWhatIsAsked()
    {
        var route = new DashboardRoute("reviews", "default") { Shift = [new("v3", 100)], Delay = new DelayFault(TimeSpan.FromMilliseconds(500), 25) };

        Assert.Equal("v3 100%; delay 500ms to 25%", route.Describe());
        Assert.True(new DashboardRoute("reviews", "default").IsEmpty);
    }

    private static IReadOnlyList<ConfigResource> Read(string json)
    {
        var read = ResourceReader.Read(json, ResourceReader.RequestSource);
        Assert.False(read.HasErrors, string.Join(Environment.NewLine, read.Diagnostics));
        return read.Resources;
    }
}

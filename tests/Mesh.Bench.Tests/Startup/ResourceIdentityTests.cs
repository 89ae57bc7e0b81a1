using Mesh.Bench.Measurement;
using Mesh.Bench.Startup;

namespace Mesh.Bench.Tests.Startup;

public sealed class ResourceIdentityTests
{
    private const int Root = 100;
    private const string AppHost = "MeshHost.AppHost";

    [Fact]
    public void Of_Sidecar_WatchesItsListenersAndReadyz()
    {
        var identity = Of("/work/mesh/sidecar/Mesh.Sidecar", new()
        {
            ["OTEL_SERVICE_NAME"] = "details-sidecar",
            ["Mesh__Workload"] = "details",
            ["Mesh__Listeners__Inbound"] = "30432",
            ["Mesh__Listeners__Admin"] = "30433",
            ["Mesh__ControlPlane"] = "http://localhost:30430",
        });

        Assert.NotNull(identity);
        Assert.Equal(("details-sidecar", ResourceKind.Sidecar, false), (identity.Name, identity.Kind, identity.IsLauncher));
        Assert.Equal([30432, 30433], identity.Ports);
        Assert.Equal(new Uri("http://127.0.0.1:30433/readyz"), identity.Health);
        Assert.Null(identity.GatewayPort);
        Assert.Equal("details", identity.Workload);
    }

    [Fact]
    public void Of_Gateway_KnowsItsListener()
    {
        var identity = Of("/work/mesh/sidecar/Mesh.Sidecar", new()
        {
            ["OTEL_SERVICE_NAME"] = "gateway",
            ["Mesh__Mode"] = "Gateway",
            ["Mesh__Workload"] = "gateway",
            ["Mesh__Listeners__Inbound"] = "30448",
            ["Mesh__Listeners__Admin"] = "30449",
        });

        Assert.Equal(ResourceKind.Gateway, identity!.Kind);
        Assert.Equal(30448, identity.GatewayPort);
        Assert.Null(identity.Workload);
    }

    [Fact]
    public void Of_ControlPlane_WatchesHealthz()
    {
        var identity = Of("/work/mesh/controlplane/Mesh.ControlPlane", new()
        {
            ["OTEL_SERVICE_NAME"] = "mesh",
            ["ASPNETCORE_URLS"] = "http://localhost:30430",
            ["Mesh__ControlPlane__StateDirectory"] = "/work/.mesh/mesh",
        });

        Assert.Equal(ResourceKind.ControlPlane, identity!.Kind);
        Assert.Equal(new Uri("http://127.0.0.1:30430/healthz"), identity.Health);
    }

    [Fact]
    public void Of_ProjectAndItsLauncher_AreOneResource()
    {
        var environment = new Dictionary<string, string>
        {
            ["OTEL_SERVICE_NAME"] = "details",
            ["ASPNETCORE_URLS"] = "http://localhost:30463;http://localhost:30431",
        };

        var launcher = Of("dotnet run --project /work/Details/Bookinfo.Details.csproj --no-build --configuration Debug --no-launch-profile", environment);
        var program = Of("/work/Details/bin/Debug/net10.0/Bookinfo.Details", environment);

        Assert.Equal(("details", ResourceKind.App, true), (launcher!.Name, launcher.Kind, launcher.IsLauncher));
        Assert.Equal(("details", ResourceKind.App, false), (program!.Name, program.Kind, program.IsLauncher));
        Assert.Equal([30463, 30431], program.Ports);
        Assert.Equal(new Uri("http://127.0.0.1:30463/health"), program.Health);
    }

    [Theory]
    [InlineData("/work/MeshHost.AppHost/bin/Debug/net10.0/MeshHost.AppHost", AppHost, ResourceKind.AppHost)]
    [InlineData("/tools/dcp start-apiserver --monitor 1461 --kubeconfig /tmp/k", "dcp start-apiserver", ResourceKind.Orchestrator)]
    [InlineData("/tools/dcp run-controllers --kubeconfig /tmp/k", "dcp run-controllers", ResourceKind.Orchestrator)]
    [InlineData("/root/.nuget/packages/aspire.dashboard.sdk.linux-x64/13.6.5/tools/Aspire.Dashboard", ResourceKind.Dashboard, ResourceKind.Dashboard)]
    public void Of_TheAppHostsOwnProcesses_AreNamedByWhatTheyAre(string commandLine, string name, string kind)
    {
        var identity = Of(commandLine, []);

        Assert.Equal((name, kind), (identity!.Name, identity.Kind));
    }

    [Fact]
    public void Of_Root_IsTheLauncher() =>
        Assert.Equal(ResourceKind.Launcher, ResourceIdentity.Of(new ProcessEntry(Root, 1, Root, 0, false, "dotnet run --project MeshHost.AppHost"), new Dictionary<string, string>(), Root, AppHost)!.Kind);

    [Theory]
    [InlineData("/usr/share/dotnet/dotnet /usr/share/dotnet/sdk/10.0.401/MSBuild.dll /nodemode:1")]
    [InlineData("/tools/dcp monitor-process --child 2080 --monitor 1732")]
    public void Of_Helpers_AreLeftOut(string commandLine) => Assert.Null(Of(commandLine, []));

    private static ResourceIdentity? Of(string commandLine, Dictionary<string, string> environment) =>
        ResourceIdentity.Of(new ProcessEntry(200, Root, Root, 10, false, commandLine), environment, Root, AppHost);
}

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal.Restarts;
using Microsoft.Extensions.Hosting;

namespace Mesh.Hosting.Tests.Restarts;

public sealed class RestartSettingsTests
{
    [Fact]
    public void AddMesh_Default_RestartsDeadProcesses()
    {
        var mesh = TestModel.CreateBuilder().AddMesh("mesh").Resource;

        Assert.True(mesh.RestartsDeadProcesses);
    }

    [Fact]
    public void RestartsKeyFalse_TurnsThemOff()
    {
        var mesh = TestModel.CreateBuilder("--Mesh:Restarts=false").AddMesh("mesh").Resource;

        Assert.False(mesh.RestartsDeadProcesses);
    }

    [Fact]
    public void WithRestarts_KeyAndCall_CallWins()
    {
        var mesh = TestModel.CreateBuilder("--Mesh:Restarts=false").AddMesh("mesh").WithRestarts().Resource;

        Assert.True(mesh.RestartsDeadProcesses);
    }

    [Fact]
    public void RestartsKey_NotABoolean_FailsNamingTheKeyAndTheValue()
    {
        var builder = TestModel.CreateBuilder("--Mesh:Restarts=sometimes");

        var error = Assert.Throws<DistributedApplicationException>(() => builder.AddMesh("mesh"));

        Assert.Contains("'Mesh:Restarts' has the value 'sometimes'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restarts_CoversEveryMeshProcessAndOnlyThem()
    {
        var builder = TestModel.Bookinfo();
        builder.AddApp("outsider");
        var model = builder.BuildAndWire();

        var restarted = model.Resources.Where(RestartWatcher.Restarts).Select(r => r.Name).Order(StringComparer.Ordinal);

        Assert.Equal(
            ["details", "details-sidecar", "gateway", "mesh", "productpage", "productpage-sidecar", "ratings", "ratings-sidecar",
             "reviews-v1", "reviews-v1-sidecar", "reviews-v2", "reviews-v2-sidecar", "reviews-v3", "reviews-v3-sidecar"],
            restarted);
    }

    [Fact]
    public void AddMesh_RegistersTheWatcherOnce()
    {
        var builder = TestModel.CreateBuilder();
        builder.AddMesh("mesh");
        builder.AddMesh("other");

        Assert.Single(builder.Services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(RestartWatcher));
    }
}

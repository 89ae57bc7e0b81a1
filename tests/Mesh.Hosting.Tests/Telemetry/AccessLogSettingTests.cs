using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Mesh.Hosting.Tests.Telemetry;

/// <summary>The access log's one switch, AppHost configuration <c>Mesh:AccessLog</c>, reaching every sidecar and the gateway.</summary>
public sealed class AccessLogSettingTests
{
    [Fact]
    public async Task AccessLog_Unset_IsOffEverywhere()
    {
        var model = TestModel.Bookinfo().BuildAndWire();

        Assert.False((await TestModel.EnvironmentAsync(model.Get<MeshSidecarResource>("details-sidecar"))).ContainsKey("Mesh__AccessLog"));
        Assert.False((await TestModel.EnvironmentAsync(model.Get<MeshGatewayResource>("gateway"))).ContainsKey("Mesh__AccessLog"));
    }

    [Fact]
    public async Task AccessLog_True_ReachesEverySidecarAndTheGateway()
    {
        var model = TestModel.Bookinfo("--Mesh:AccessLog=true").BuildAndWire();

        Assert.Equal("true", (await TestModel.EnvironmentAsync(model.Get<MeshSidecarResource>("details-sidecar")))["Mesh__AccessLog"]);
        Assert.Equal("true", (await TestModel.EnvironmentAsync(model.Get<MeshSidecarResource>("reviews-v2-sidecar")))["Mesh__AccessLog"]);
        Assert.Equal("true", (await TestModel.EnvironmentAsync(model.Get<MeshGatewayResource>("gateway")))["Mesh__AccessLog"]);
    }

    [Fact]
    public void AccessLog_NeitherTrueNorFalse_FailsNamingTheKey()
    {
        var builder = TestModel.CreateBuilder("--Mesh:AccessLog=verbose");

        var error = Assert.Throws<DistributedApplicationException>(() => builder.AddMesh("mesh"));

        Assert.Contains("'Mesh:AccessLog' has the value 'verbose'", error.Message, StringComparison.Ordinal);
    }
}

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Mesh.Hosting.Tests;

public sealed class MeshConfigurationTests
{
    [Fact]
    public async Task ControlPlane_Environment_CarriesStateConfigInlineAndWorkloads()
    {
        var folder = Directory.CreateTempSubdirectory("mesh-config-");
        try
        {
            var builder = TestModel.Bookinfo("--Mesh:StateDirectory=" + Path.Combine(folder.FullName, "state"));
            var mesh = builder.CreateResourceBuilder(builder.Resources.OfType<MeshResource>().Single());
            mesh.WithConfigDirectory(folder.FullName).WithConfiguration("kind: VirtualService");
            var model = builder.BuildAndWire();

            var env = await TestModel.EnvironmentAsync(model.Get<MeshResource>("mesh"));

            Assert.Equal(Path.Combine(folder.FullName, "state"), env["Mesh__ControlPlane__StateDirectory"]);
            Assert.Equal(folder.FullName, env["Mesh__ControlPlane__ConfigDirectory"]);
            Assert.Equal("kind: VirtualService", env["Mesh__ControlPlane__Inline__0"]);
            var workloads = Enumerable.Range(0, 6).Select(i => ((string)env[$"Mesh__ControlPlane__Workloads__{i}__Name"], (string)env[$"Mesh__ControlPlane__Workloads__{i}__Service"])).ToArray();
            Assert.Contains(("reviews-v2", "reviews"), workloads);
            Assert.Contains(("details", "details"), workloads);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void AddMesh_StateDirectory_DefaultsToDotMeshUnderTheAppHost()
    {
        var builder = TestModel.CreateBuilder();

        var mesh = builder.AddMesh("mesh");

        Assert.Equal(Path.Combine(builder.AppHostDirectory, ".mesh", "mesh"), mesh.Resource.StateDirectory);
    }

    [Fact]
    public void WithConfigDirectory_MissingFolder_ThrowsNamingIt()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");

        var error = Assert.Throws<DirectoryNotFoundException>(() => mesh.WithConfigDirectory("no-such-folder"));
        Assert.Contains("'no-such-folder' does not exist", error.Message, StringComparison.Ordinal);
    }
}

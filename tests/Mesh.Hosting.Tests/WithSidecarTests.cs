using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Mesh.Testing;

namespace Mesh.Hosting.Tests;

public sealed class WithSidecarTests
{
    private static readonly string[] Workloads = [.. BookinfoWorkloads.Names];

    [Fact]
    public void WithSidecar_EachMeshedProject_GetsItsOwnSidecarResource()
    {
        var model = TestModel.Bookinfo().BuildAndWire();

        var sidecars = model.Resources.OfType<MeshSidecarResource>().Select(s => s.Name).Order().ToArray();
        Assert.Equal(Workloads.Select(w => w + "-sidecar").Order().ToArray(), sidecars);
        foreach (var sidecar in model.Resources.OfType<MeshSidecarResource>())
        {
            var endpoints = sidecar.Annotations.OfType<EndpointAnnotation>().ToDictionary(e => e.Name);
            Assert.False(endpoints[MeshSidecarResource.InboundEndpointName].IsProxied);
            Assert.False(endpoints[MeshSidecarResource.AdminEndpointName].IsProxied);
            Assert.Contains(sidecar.Annotations.OfType<HealthCheckAnnotation>(), _ => true);
            Assert.True(sidecar.IsExcludedFromPublish());
        }
    }

    [Fact]
    public void WithSidecar_Sidecar_IsNestedUnderItsWorkload()
    {
        var model = TestModel.Bookinfo().BuildAndWire();

        foreach (var workload in Workloads)
        {
            var sidecar = model.Get<MeshSidecarResource>(workload + "-sidecar");
            var parent = Assert.Single(sidecar.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Type == "Parent");
            Assert.Equal(workload, parent.Resource.Name);
            // An annotation parent, not IResourceWithParent: the sidecar must not inherit the app's health checks.
            Assert.IsNotAssignableFrom<IResourceWithParent>(sidecar);
        }
    }

    [Fact]
    public async Task WithSidecar_SidecarsUrls_AreNamed()
    {
        var sidecar = TestModel.Bookinfo().BuildAndWire().Get<MeshSidecarResource>("details-sidecar");

        var texts = await TestModel.UrlDisplayTextsAsync(sidecar, MeshSidecarResource.InboundEndpointName, MeshSidecarResource.AdminEndpointName);

        Assert.Equal(["inbound (peers, mTLS)", "admin"], texts);
    }

    [Fact]
    public void WithSidecar_StartOrder_ControlPlaneThenSidecarThenApp()
    {
        var model = TestModel.Bookinfo().BuildAndWire();

        foreach (var workload in Workloads)
        {
            var app = model.Get<ProjectResource>(workload);
            var sidecar = model.Get<MeshSidecarResource>(workload + "-sidecar");
            Assert.Contains(app.Annotations.OfType<WaitAnnotation>(), w => w.Resource == sidecar && w.WaitType == WaitType.WaitUntilStarted);
            Assert.Contains(sidecar.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "mesh" && w.WaitType == WaitType.WaitUntilStarted);
        }
    }

    [Fact]
    public void WithSidecar_Identity_RecordsServiceVersionAndAccount()
    {
        var model = TestModel.Bookinfo().BuildAndWire();

        var v2 = model.Get<ProjectResource>("reviews-v2").Annotations.OfType<MeshWorkloadAnnotation>().Single();
        Assert.Equal(("reviews", "v2", "bookinfo-reviews"), (v2.Service, v2.Version, v2.ServiceAccount));
        var details = model.Get<ProjectResource>("details").Annotations.OfType<MeshWorkloadAnnotation>().Single();
        Assert.Equal(("details", "v1", "bookinfo-details"), (details.Service, details.Version, details.ServiceAccount));
    }

    [Fact]
    public void WithSidecar_CalledTwice_ThrowsNamingTheResource()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");
        var app = builder.AddApp("details").WithSidecar(mesh);

        var error = Assert.Throws<InvalidOperationException>(() => app.WithSidecar(mesh));
        Assert.Contains("'details' already has a sidecar", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithSidecar_VersionWithoutLogicalService_Throws()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");

        var error = Assert.Throws<ArgumentException>(() => builder.AddApp("reviews-v2").WithSidecar(mesh, version: "v2"));
        Assert.Contains("without a logical service", error.Message, StringComparison.Ordinal);
        Assert.Equal("version", error.ParamName);
    }

    [Fact]
    public void AddService_SameNameTwice_Throws()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");
        mesh.AddService("reviews");

        var error = Assert.Throws<DistributedApplicationException>(() => mesh.AddService("reviews"));
        Assert.Contains("already has a logical service named 'reviews'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithSidecar_TwoWorkloadsWithOneVersion_Throws()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");
        var reviews = mesh.AddService("reviews");
        builder.AddApp("reviews-a").WithSidecar(mesh, reviews, version: "v1");

        var error = Assert.Throws<DistributedApplicationException>(() => builder.AddApp("reviews-b").WithSidecar(mesh, reviews, version: "v1"));
        Assert.Contains("already has a workload with version 'v1' ('reviews-a')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithSidecar_InvalidServiceAccount_ThrowsNamingTheValue()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");

        var error = Assert.Throws<ArgumentException>(() => builder.AddApp("details").WithSidecar(mesh, serviceAccount: "bad account!"));
        Assert.Contains("'bad account!' is not a valid serviceAccount", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddMesh_InvalidEnabledSetting_ThrowsNamingTheKey()
    {
        var builder = TestModel.CreateBuilder("--Mesh:Enabled=maybe");

        var error = Assert.Throws<DistributedApplicationException>(() => builder.AddMesh("mesh"));
        Assert.Contains("'Mesh:Enabled' has the value 'maybe'", error.Message, StringComparison.Ordinal);
    }
}

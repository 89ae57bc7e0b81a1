using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Mesh.Hosting.Tests;

public sealed class ReferenceRewiringTests
{
    [Fact]
    public async Task WithReference_MeshedCallee_PointsAtCallersOutboundListener()
    {
        var model = TestModel.Bookinfo().BuildAndWire();
        var productpage = model.Get<ProjectResource>("productpage");

        var env = await TestModel.EnvironmentAsync(productpage);

        AssertListener(env["services__details__http__0"], "productpage-sidecar", "out-details");
        AssertListener(env["DETAILS_HTTP"], "productpage-sidecar", "out-details");
        Assert.DoesNotContain(env.Keys, k => k.StartsWith("services__details__https", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithReference_LogicalService_OneEntryThroughTheSidecar()
    {
        var model = TestModel.Bookinfo().BuildAndWire();
        var productpage = model.Get<ProjectResource>("productpage");

        var env = await TestModel.EnvironmentAsync(productpage);

        AssertListener(env["services__reviews__http__0"], "productpage-sidecar", "out-reviews");
        Assert.False(env.ContainsKey("services__reviews__http__1"));
    }

    [Fact]
    public async Task Sidecar_Environment_DescribesIdentityListenersAndUpstreams()
    {
        var model = TestModel.Bookinfo().BuildAndWire();
        var sidecar = model.Get<MeshSidecarResource>("productpage-sidecar");

        var env = await TestModel.EnvironmentAsync(sidecar);

        Assert.Equal("productpage", env["Mesh__Workload"]);
        Assert.Equal("productpage", env["Mesh__Service"]);
        Assert.Equal("bookinfo-productpage", env["Mesh__ServiceAccount"]);
        Assert.Equal("v1", env["Mesh__Version"]);
        var app = Assert.IsType<EndpointReference>(env["Mesh__App"]);
        Assert.Equal(("productpage", "mesh-app"), (app.Resource.Name, app.EndpointName));
        Assert.False(app.EndpointAnnotation.IsProxied);
        var upstreams = Enumerable.Range(0, 2).Select(i => ((string)env[$"Mesh__Outbound__{i}__Name"], (string)env[$"Mesh__Outbound__{i}__Service"])).Order().ToArray();
        Assert.Equal([("details", "details"), ("reviews", "reviews")], upstreams);
        Assert.False(env.ContainsKey("Mesh__Outbound__2__Name"));
    }

    [Fact]
    public async Task WithReference_DirectReferenceToOneVersion_IsPinnedToThatWorkload()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");
        var reviews = mesh.AddService("reviews");
        var v2 = builder.AddApp("reviews-v2").WithSidecar(mesh, reviews, version: "v2");
        builder.AddApp("tester").WithSidecar(mesh).WithReference(v2);
        var model = builder.BuildAndWire();

        var env = await TestModel.EnvironmentAsync(model.Get<MeshSidecarResource>("tester-sidecar"));

        Assert.Equal("reviews-v2", env["Mesh__Outbound__0__Name"]);
        Assert.Equal("reviews", env["Mesh__Outbound__0__Service"]);
        Assert.Equal("reviews-v2", env["Mesh__Outbound__0__Workload"]);
    }

    [Fact]
    public async Task WithReference_UnmeshedCaller_ReachesTheCalleesPublishedAddress_WhichItsSidecarHolds()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");
        var details = builder.AddApp("details").WithSidecar(mesh);
        builder.AddApp("outsider").WithReference(details);
        var model = builder.BuildAndWire();

        var env = await TestModel.EnvironmentAsync(model.Get<ProjectResource>("outsider"));

        // Not rewired: the caller is outside the mesh. The address is details' published one, whose target port its
        // sidecar binds (inbound capture), so the call meets details' policies as a client without a sidecar.
        var endpoint = Assert.IsType<EndpointReference>(env["services__details__http__0"]);
        Assert.Equal(("details", "http"), (endpoint.Resource.Name, endpoint.EndpointName));
        var sidecar = await TestModel.EnvironmentAsync(model.Get<MeshSidecarResource>("details-sidecar"));
        Assert.Equal(endpoint.EndpointAnnotation.TargetPort.ToString(), await TestModel.ValueAsync(sidecar[Mesh.Model.Conventions.MeshSettings.Sidecar.CapturedPort]));
    }

    [Fact]
    public async Task MeshOff_NoSidecars_AndCallersReachEveryVersionDirectly()
    {
        var model = TestModel.Bookinfo("--Mesh:Enabled=false").BuildAndWire();

        Assert.Empty(model.Resources.OfType<MeshSidecarResource>());
        Assert.DoesNotContain(model.Resources, r => r is MeshResource);
        var env = await TestModel.EnvironmentAsync(model.Get<ProjectResource>("productpage"));
        var reviews = Enumerable.Range(0, 3).Select(i => Assert.IsType<EndpointReference>(env[$"services__reviews__http__{i}"]).Resource.Name).ToArray();
        Assert.Equal(["reviews-v1", "reviews-v2", "reviews-v3"], reviews);
        Assert.Equal("details", Assert.IsType<EndpointReference>(env["services__details__http__0"]).Resource.Name);
    }

    [Fact]
    public void Wire_MeshedResourceWithoutHttpEndpoint_ThrowsNamingIt()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");
        builder.AddProject<FakeProject>("tls-only", launchProfileName: null).WithHttpsEndpoint(name: "https").WithSidecar(mesh);

        var error = Assert.Throws<DistributedApplicationException>(() => builder.BuildAndWire());
        Assert.Contains("'tls-only' has no 'http' endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wire_TwoWorkloadsOnOneFixedPort_ThrowsNamingBoth()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");
        var reviews = mesh.AddService("reviews");
        builder.AddProject<FakeProject>("reviews-v1", launchProfileName: null).WithHttpEndpoint(port: 9082, name: "http").WithSidecar(mesh, reviews, version: "v1");
        builder.AddProject<FakeProject>("reviews-v2", launchProfileName: null).WithHttpEndpoint(port: 9082, name: "http").WithSidecar(mesh, reviews, version: "v2");

        var error = Assert.Throws<DistributedApplicationException>(() => builder.BuildAndWire());
        Assert.Contains("'reviews-v1' and 'reviews-v2' both have their 'http' endpoint on port 9082", error.Message, StringComparison.Ordinal);
    }

    private static void AssertListener(object value, string sidecar, string endpointName)
    {
        var endpoint = Assert.IsType<EndpointReference>(value);
        Assert.Equal(sidecar, endpoint.Resource.Name);
        Assert.Equal(endpointName, endpoint.EndpointName);
    }
}

using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Push;
using Mesh.ControlPlane.Tests.Registry;
using Mesh.Model.Registry;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Tests.Push;

public class SnapshotCompilerTests
{
    private readonly SnapshotCompiler _compiler = new(Options.Create(new PushOptions()));

    [Fact]
    public void CompileModel_EmptyRegistry_NoServices()
    {
        var model = _compiler.CompileModel([], ConfigState.Empty, "1");

        Assert.Equal("1", model.Version);
        Assert.Empty(model.Services);
    }

    [Fact]
    public void CompileModel_NotServingWorkload_ListsServiceWithoutEndpoints()
    {
        var model = _compiler.CompileModel([TestRegistrations.Entry(TestRegistrations.Create("reviews-v1"), serving: false)], ConfigState.Empty, "2");

        var service = Assert.Single(model.Services);
        Assert.Equal("reviews", service.Name);
        Assert.Empty(service.Endpoints);
    }

    [Fact]
    public void CompileModel_MixedServing_OnlyServingEndpoints()
    {
        RegistryEntry[] registry =
        [
            TestRegistrations.Entry(TestRegistrations.Create("reviews-v1", version: "v1"), serving: true),
            TestRegistrations.Entry(TestRegistrations.Create("reviews-v2", version: "v2"), serving: false),
            TestRegistrations.Entry(TestRegistrations.Create("reviews-v3", version: "v3"), serving: true),
        ];

        var model = _compiler.CompileModel(registry, ConfigState.Empty, "3");

        var service = Assert.Single(model.Services);
        Assert.Equal(["reviews-v1", "reviews-v3"], service.Endpoints.Select(e => e.Workload));
    }

    [Fact]
    public void CompileModel_UnorderedRegistry_SortsServicesByNameAndEndpointsByWorkload()
    {
        RegistryEntry[] registry =
        [
            TestRegistrations.Entry(TestRegistrations.Create("reviews-v3", version: "v3"), serving: true),
            TestRegistrations.Entry(TestRegistrations.Create("ratings", service: "ratings"), serving: true),
            TestRegistrations.Entry(TestRegistrations.Create("reviews-v1"), serving: true),
            TestRegistrations.Entry(TestRegistrations.Create("details", service: "details"), serving: true),
            TestRegistrations.Entry(TestRegistrations.Create("reviews-v2", version: "v2"), serving: true),
        ];

        var model = _compiler.CompileModel(registry, ConfigState.Empty, "1");

        Assert.Equal(["details", "ratings", "reviews"], model.Services.Select(s => s.Name));
        Assert.Equal(["reviews-v1", "reviews-v2", "reviews-v3"], model.Services[2].Endpoints.Select(e => e.Workload));
    }

    [Fact]
    public void CompileModel_SameServiceInTwoNamespaces_TwoServices()
    {
        RegistryEntry[] registry =
        [
            TestRegistrations.Entry(TestRegistrations.Create("reviews-test") with { Namespace = "test" }, serving: true),
            TestRegistrations.Entry(TestRegistrations.Create("reviews-v1"), serving: true),
        ];

        var model = _compiler.CompileModel(registry, ConfigState.Empty, "1");

        Assert.Equal(["default", "test"], model.Services.Select(s => s.Namespace));
    }

    [Fact]
    public void CompileModel_ServingWorkload_EndpointCopiesRegistration()
    {
        var registration = TestRegistrations.Create("reviews-v2", version: "v2", port: 41234) with
        {
            Labels = new Dictionary<string, string> { ["team"] = "books" },
        };

        var model = _compiler.CompileModel([TestRegistrations.Entry(registration, serving: true)], ConfigState.Empty, "1");

        var endpoint = Assert.Single(Assert.Single(model.Services).Endpoints);
        Assert.Equal("reviews-v2", endpoint.Workload);
        Assert.Equal("v2", endpoint.Version);
        Assert.Equal("bookinfo-reviews", endpoint.ServiceAccount);
        Assert.Equal("http://127.0.0.1:41234", endpoint.Address);
        Assert.Equal(
            new Dictionary<string, string> { ["app"] = "reviews", ["team"] = "books", ["version"] = "v2" },
            endpoint.Labels);
    }

    [Fact]
    public void CompileSnapshot_AnySidecar_CarriesModelVersionAndServices()
    {
        var model = _compiler.CompileModel([TestRegistrations.Entry(TestRegistrations.Create("reviews-v1"), serving: true)], ConfigState.Empty, "7");

        var snapshot = _compiler.CompileSnapshot(model, TestRegistrations.Create("productpage", service: "productpage"));

        Assert.Equal("7", snapshot.Version);
        Assert.Same(model.Services, snapshot.Services);
    }
}

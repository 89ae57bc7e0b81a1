using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Mesh.Hosting.Tests;

public sealed class GatewayTests
{
    [Fact]
    public async Task AddGateway_IsAMeshMemberWithIstiosIngressIdentity_AndAnExternalEndpoint()
    {
        var model = TestModel.Bookinfo().BuildAndWire();
        var gateway = model.Get<MeshGatewayResource>("gateway");

        var env = await TestModel.EnvironmentAsync(gateway);

        Assert.Equal("Gateway", env["Mesh__Mode"]);
        Assert.Equal("gateway", env["Mesh__Workload"]);
        Assert.Equal("istio-ingressgateway", env["Mesh__Service"]);
        Assert.Equal("istio-system", env["Mesh__Namespace"]);
        Assert.Equal("istio-ingressgateway-service-account", env["Mesh__ServiceAccount"]);
        // Istio's bookinfo-gateway.yaml selects its gateway by this label.
        Assert.Equal("ingressgateway", env["Mesh__Labels__istio"]);
        Assert.False(env.ContainsKey("Mesh__App"));

        var http = Assert.Single(gateway.Annotations.OfType<EndpointAnnotation>(), e => e.Name == MeshGatewayResource.HttpEndpointName);
        Assert.True(http.IsExternal);
        Assert.False(http.IsProxied);
        Assert.True(gateway.TryGetAnnotationsOfType<WaitAnnotation>(out var waits));
        Assert.Contains(waits, w => w.Resource.Name == "mesh" && w.WaitType == WaitType.WaitUntilStarted);
    }

    [Fact]
    public async Task AddGateway_Urls_AreNamed()
    {
        var gateway = TestModel.Bookinfo().BuildAndWire().Get<MeshGatewayResource>("gateway");

        var texts = await TestModel.UrlDisplayTextsAsync(gateway, MeshGatewayResource.HttpEndpointName, MeshSidecarResource.AdminEndpointName);

        Assert.Equal(["ingress", "admin"], texts);
    }

    [Fact]
    public async Task WithFaultHeaders_TurnsThemOnInEverySidecar_AndTheyAreOffOtherwise()
    {
        var off = await TestModel.EnvironmentAsync(TestModel.Bookinfo().BuildAndWire().Get<MeshSidecarResource>("details-sidecar"));
        Assert.False(off.ContainsKey("Mesh__FaultHeaders"));

        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh").WithFaultHeaders();
        builder.AddApp("details").WithSidecar(mesh);
        var on = await TestModel.EnvironmentAsync(builder.BuildAndWire().Get<MeshSidecarResource>("details-sidecar"));
        Assert.Equal("true", on["Mesh__FaultHeaders"]);
    }

    [Fact]
    public void AddGateway_MeshOff_AddsNothing()
    {
        var model = TestModel.Bookinfo("--Mesh:Enabled=false").BuildAndWire();

        Assert.DoesNotContain(model.Resources, r => r is MeshGatewayResource);
    }
}

using System.Net;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting;
using Aspire.Hosting.Internal.Commands;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Hosting.Tests.Commands;

/// <summary>Which resource carries which dashboard command.</summary>
public sealed class CommandRegistrationTests
{
    private readonly DistributedApplicationModel _model = TestModel.Bookinfo().BuildAndWire();

    [Fact]
    public void Mesh_HasApplyAnalyzeAndEffectiveConfig()
    {
        Assert.Equal(
            ["Apply YAML", "Analyze", "Effective config"],
            Commands(_model.Get<MeshResource>("mesh")).Where(c => c.Name != "mesh-clear-runtime-changes").Select(c => c.DisplayName));
    }

    [Fact]
    public void LogicalService_IsADashboardResource_WithTrafficAndFaultCommands_AndItsVersionsAsChoices()
    {
        var reviews = _model.Get<MeshServiceResource>("reviews");

        Assert.Equal(
            ["Shift to version", "Split traffic", "Reset traffic", "Inject delay", "Inject abort", "Clear faults"],
            Commands(reviews).Select(c => c.DisplayName));
        var version = Assert.Single(Commands(reviews).Single(c => c.Name == TrafficCommands.ShiftName).Arguments);
        Assert.Equal(["v1", "v2", "v3"], version.Options!.Select(o => o.Key));
        Assert.All(Commands(reviews).Where(c => c.Name != FaultCommands.ClearName), c => Assert.NotNull(c.ConfirmationMessage));
    }

    [Fact]
    public void WorkloadServingItsOwnName_HasFaultCommands_AVersionDoesNot()
    {
        Assert.Equal(["Inject delay", "Inject abort", "Clear faults"], Commands(_model.Get<ProjectResource>("ratings")).Select(c => c.DisplayName));
        Assert.DoesNotContain(Commands(_model.Get<ProjectResource>("reviews-v1")), c => c.Name == FaultCommands.DelayName);
    }

    [Theory]
    [InlineData("ratings-sidecar")]
    [InlineData("gateway")]
    public void Proxies_HaveConfigStatsAndCertificate(string name)
    {
        var proxy = _model.Resources.Single(r => r.Name == name);

        Assert.Equal(["Config dump", "Stats", "Certificate"], Commands(proxy).Select(c => c.DisplayName));
    }

    [Fact]
    public void LogicalServiceWithOneVersion_HidesItsTrafficCommands()
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh");
        var solo = mesh.AddService("solo");
        builder.AddApp("solo-v1").WithSidecar(mesh, solo, version: "v1");
        var running = new CustomResourceSnapshot { ResourceType = "MeshService", Properties = [], State = KnownResourceStates.Running };
        using var services = new ServiceCollection().BuildServiceProvider();

        var states = Commands(solo.Resource).ToDictionary(c => c.Name, c => c.UpdateState(new UpdateCommandStateContext { ResourceSnapshot = running, Services = services }));

        Assert.Equal(ResourceCommandState.Hidden, states[TrafficCommands.ShiftName]);
        Assert.Equal(ResourceCommandState.Hidden, states[TrafficCommands.ResetName]);
        Assert.Equal(ResourceCommandState.Enabled, states[FaultCommands.DelayName]);
    }

    [Fact]
    public void MeshOff_NoLogicalServiceResource()
    {
        var builder = TestModel.Bookinfo("--Mesh:Enabled=false");

        Assert.DoesNotContain(builder.Resources, r => r is MeshServiceResource);
    }

    [Fact]
    public async Task ProxyView_IsTheAdminEndpointsJson()
    {
        var sidecar = _model.Get<MeshSidecarResource>("ratings-sidecar");
        var endpoint = sidecar.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == MeshSidecarResource.AdminEndpointName);
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", 15000);
        using var admin = new JsonAnswer("""{"identity":"spiffe://cluster.local/ns/default/sa/bookinfo-ratings"}""");

        var result = await SidecarAdminCommands.ReadAsync(sidecar.GetEndpoint(MeshSidecarResource.AdminEndpointName), "/certs", "certificate", admin, CancellationToken.None);

        Assert.True(result.Success, result.Message);
        Assert.Equal("ratings-sidecar's certificate (GET /certs).", result.Message);
        Assert.Equal(CommandResultFormat.Json, result.Data!.Format);
        Assert.Contains("\"identity\": \"spiffe://cluster.local/ns/default/sa/bookinfo-ratings\"", result.Data.Value, StringComparison.Ordinal);
        Assert.Equal("http://localhost:15000/certs", admin.Asked);
    }

    private static List<ResourceCommandAnnotation> Commands(IResource resource) =>
        [.. resource.Annotations.OfType<ResourceCommandAnnotation>().Where(c => c.Name.StartsWith("mesh-", StringComparison.Ordinal))];

    private sealed class JsonAnswer(string json) : HttpMessageHandler
    {
        public string? Asked { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Asked = request.RequestUri!.ToString();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }
}

using System.Buffers.Text;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal;

namespace Mesh.Hosting.Tests;

/// <summary>The admin API's per-run credential: made by the AppHost, given to the control plane, used by its own clients.</summary>
public sealed class AdminCredentialTests
{
    [Fact]
    public async Task AdminToken_IsASecretParameterOfTheModel_GivenToTheControlPlane()
    {
        var model = TestModel.Bookinfo().BuildAndWire();
        var mesh = model.Get<MeshResource>("mesh");

        var parameter = model.Get<ParameterResource>("mesh-admin-token");
        var env = await TestModel.EnvironmentAsync(mesh);

        Assert.True(parameter.Secret);
        Assert.Same(parameter, env["Mesh__ControlPlane__AdminToken"]);
        var value = await TestModel.ValueAsync(parameter);
        Assert.Equal(32, Base64Url.DecodeFromChars(value).Length);
        Assert.Equal(mesh.AdminTokenValue, value);
    }

    [Fact]
    public async Task AdminToken_AnotherRun_IsAnother()
    {
        var one = TestModel.Bookinfo().BuildAndWire().Get<MeshResource>("mesh");
        var two = TestModel.Bookinfo().BuildAndWire().Get<MeshResource>("mesh");

        Assert.NotEqual(await TestModel.ValueAsync(one.AdminToken!), await TestModel.ValueAsync(two.AdminToken!));
    }

    [Theory]
    [InlineData("--Mesh:Enabled=false")]
    [InlineData("--publisher", "manifest", "--output-path", "unused.json")]
    public void AdminToken_MeshOffOrPublishing_NoParameter(params string[] args)
    {
        var builder = TestModel.Bookinfo(args);

        Assert.DoesNotContain(builder.Resources, r => r is ParameterResource);
    }

    [Fact]
    public async Task CreateMeshClient_EveryRequest_CarriesTheAdminCredential()
    {
        var mesh = RunningMesh();
        var seen = new RecordingHandler();

        using var client = MeshClientExtensions.For(mesh, seen);
        await client.ApplyAsync("kind: VirtualService");
        await client.DeleteAsync("VirtualService", "default", "reviews");

        Assert.Equal(2, seen.Authorizations.Count);
        Assert.All(seen.Authorizations, a => Assert.Equal("Bearer " + mesh.AdminTokenValue, a));
        Assert.All(seen.Hosts, h => Assert.Equal("localhost:41234", h));
    }

    [Fact]
    public void Mesh_HasTheClearRunTimeChangesCommand()
    {
        var mesh = TestModel.Bookinfo().BuildAndWire().Get<MeshResource>("mesh");

        var command = Assert.Single(mesh.Annotations.OfType<ResourceCommandAnnotation>(), c => c.Name == ClearChangesCommand.Name);
        Assert.Equal("Clear run-time changes", command.DisplayName);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task ClearChangesCommand_SendsAnAuthenticatedDeleteOfEveryChange(bool applied, bool success)
    {
        var mesh = RunningMesh();
        var seen = new RecordingHandler(applied ? """["AuthorizationPolicy default/allow-all"]""" : "[]", applied, applied ? "[]" : """["a file needs it"]""");

        var result = await ClearChangesCommand.ExecuteAsync(mesh, seen, CancellationToken.None);

        Assert.Equal(success, result.Success);
        Assert.Equal("DELETE /v1/changes", Assert.Single(seen.Requests));
        Assert.Equal("Bearer " + mesh.AdminTokenValue, Assert.Single(seen.Authorizations));
        Assert.Contains(applied ? "1 run-time resource" : "a file needs it", result.Message ?? "", StringComparison.Ordinal);
    }

    /// <summary>Bookinfo's mesh with its endpoint allocated, as once the AppHost runs.</summary>
    private static MeshResource RunningMesh()
    {
        var mesh = TestModel.Bookinfo().BuildAndWire().Get<MeshResource>("mesh");
        var endpoint = mesh.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == MeshResource.HttpEndpointName);
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", 41234);
        return mesh;
    }

    /// <summary>Answers every request with one change result and keeps what it was sent.</summary>
    private sealed class RecordingHandler(string resources = "[]", bool applied = false, string messages = "[]") : HttpMessageHandler
    {
        public List<string?> Authorizations { get; } = [];

        public List<string> Hosts { get; } = [];

        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorizations.Add(request.Headers.Authorization?.ToString());
            Hosts.Add(request.RequestUri!.Authority);
            Requests.Add($"{request.Method} {request.RequestUri.AbsolutePath}");
            var body = $$"""{"applied":{{(applied ? "true" : "false")}},"configVersion":1,"resources":{{resources}},"diagnostics":[],"messages":{{messages}}}""";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }
}

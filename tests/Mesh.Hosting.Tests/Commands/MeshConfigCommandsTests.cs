using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal.Commands;
using Mesh.Model.Validation;

namespace Mesh.Hosting.Tests.Commands;

/// <summary>The mesh's Apply, Analyze and Effective config commands, against a fake control plane and a temporary AppHost folder.</summary>
public sealed class MeshConfigCommandsTests : IDisposable
{
    private const string ReviewsV3 = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - route:
            - destination:
                host: reviews
                subset: v3
        """;

    private readonly FakeAdminApi _api = new();
    private readonly MeshResource _mesh = FakeAdminApi.RunningMesh(TestModel.Bookinfo().BuildAndWire());
    private readonly string _appHost = Directory.CreateTempSubdirectory("mesh-commands-").FullName;

    [Fact]
    public async Task Apply_File_SendsItsResources()
    {
        Write("mesh/reviews-v3.yaml", ReviewsV3);

        var result = await MeshConfigCommands.ApplyAsync(_mesh, _appHost, "mesh/reviews-v3.yaml", _api, CancellationToken.None);

        Assert.True(result.Success, result.Message);
        Assert.StartsWith("Applied 0 resource(s) from 'mesh/reviews-v3.yaml' (configuration version 7)", result.Message, StringComparison.Ordinal);
        Assert.Contains("subset: v3", Assert.Single(_api.Applied), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_Folder_SendsEveryYamlFileAsOneChange_AndNamesTheFileOfARefusal()
    {
        Write("tasks/a.yaml", ReviewsV3.Replace("name: reviews", "name: a", StringComparison.Ordinal));
        Write("tasks/b.yml", ReviewsV3.Replace("name: reviews", "name: b", StringComparison.Ordinal));
        Write("tasks/notes.txt", "not YAML");
        // Line 12 of file b, its subset: the body is a's 12 lines, a '---' line, then b's.
        _api.ApplyRefusal = [FakeAdminApi.Error(DiagnosticCodes.UndefinedSubset, "subset \"v3\" is not defined by any DestinationRule for host reviews", kind: "VirtualService", name: "b", line: 13 + 12)];

        var result = await MeshConfigCommands.ApplyAsync(_mesh, _appHost, "tasks", _api, CancellationToken.None);

        Assert.False(result.Success);
        var body = Assert.Single(_api.Applied);
        Assert.Contains("name: a", body, StringComparison.Ordinal);
        Assert.Contains("name: b", body, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine(_appHost, "tasks", "b.yml")} (VirtualService default/b) (line 12, column 1): error: subset \"v3\" is not defined", result.Message, StringComparison.Ordinal);
        Assert.StartsWith("The control plane refused 'tasks'; nothing applied.", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_MissingPath_IsRefusedNamingIt()
    {
        var result = await MeshConfigCommands.ApplyAsync(_mesh, _appHost, "mesh/nope.yaml", _api, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Contains($"Path 'mesh/nope.yaml' does not exist (looked for {Path.Combine(_appHost, "mesh", "nope.yaml")}", result.Message, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Apply_NotYaml_IsRefused()
    {
        Write("notes.txt", "hello");

        var result = await MeshConfigCommands.ApplyAsync(_mesh, _appHost, "notes.txt", _api, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Contains("Path 'notes.txt' (", result.Message, StringComparison.Ordinal);
        Assert.Contains("is not a YAML file: expected a .yaml or .yml file, or a folder of them.", result.Message, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Apply_FolderWithoutYaml_IsRefused()
    {
        Write("empty/readme.md", "# nothing");

        var result = await MeshConfigCommands.ApplyAsync(_mesh, _appHost, "empty", _api, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Contains("is a folder with no .yaml or .yml file", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_InvalidResource_IsRefusedNamingFileDocumentAndField_WithoutARequest()
    {
        Write("bad.yaml", ReviewsV3.Replace("hosts:", "hostz:", StringComparison.Ordinal));

        var result = await MeshConfigCommands.ApplyAsync(_mesh, _appHost, "bad.yaml", _api, CancellationToken.None);

        Assert.False(result.Success);
        Assert.Contains($"{Path.Combine(_appHost, "bad.yaml")}: document 1 (VirtualService default/reviews): spec.hostz", result.Message, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Analyze_NoPath_AnalyzesWhatIsInForce()
    {
        _api.AnalyzeDiagnostics.Add(FakeAdminApi.Error(DiagnosticCodes.Conflict, "two routes", source: "/apphost/mesh/a.yaml"));

        var result = await MeshConfigCommands.AnalyzeAsync(_mesh, _appHost, path: null, _api, CancellationToken.None);

        Assert.False(result.Success);
        Assert.StartsWith("The configuration in force: 1 error(s), 0 warning(s).", result.Message, StringComparison.Ordinal);
        Assert.Equal(("POST /v1/analyze", ""), Assert.Single(_api.Requests));
        Assert.Contains("/apphost/mesh/a.yaml: error: two routes", result.Data!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_Path_AnalyzesItWithoutApplying()
    {
        Write("reviews.yaml", ReviewsV3);

        var result = await MeshConfigCommands.AnalyzeAsync(_mesh, _appHost, "reviews.yaml", _api, CancellationToken.None);

        Assert.True(result.Success, result.Message);
        Assert.Equal("The configuration with 'reviews.yaml' applied: 0 error(s), 0 warning(s).", result.Message);
        Assert.Equal("POST /v1/analyze", Assert.Single(_api.Requests).Request);
    }

    [Fact]
    public async Task EffectiveConfig_IsATableOfEveryResourceAndItsSource()
    {
        _api.Resources.Add(new() { ApiVersion = "networking.istio.io/v1", Kind = "VirtualService", Namespace = "default", Name = "dashboard-reviews", Source = "request" });
        _api.Resources.Add(new() { ApiVersion = "networking.istio.io/v1", Kind = "DestinationRule", Namespace = "default", Name = "reviews", Source = "/apphost/mesh/destination-rule-all.yaml" });

        var result = await MeshConfigCommands.EffectiveAsync(_mesh, _api, CancellationToken.None);

        Assert.True(result.Success);
        Assert.Equal("2 resource(s) in force in mesh 'mesh'.", result.Message);
        Assert.Equal(CommandResultFormat.Markdown, result.Data!.Format);
        Assert.Equal(
            "| Kind | Namespace/name | Source |\n|---|---|---|\n| DestinationRule | default/reviews | /apphost/mesh/destination-rule-all.yaml |\n| VirtualService | default/dashboard-reviews | request |\n",
            result.Data.Value);
    }

    public void Dispose()
    {
        _api.Dispose();
        Directory.Delete(_appHost, recursive: true);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_appHost, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}

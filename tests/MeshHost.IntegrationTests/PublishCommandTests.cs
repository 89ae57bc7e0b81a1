using System.Text.Json;
using Mesh.Testing;

namespace MeshHost.IntegrationTests;

/// <summary>The real publish command, as azd runs it, on MeshHost.AppHost: the manifest for azd and kubernetes/ beside it.</summary>
public sealed class PublishCommandTests : IDisposable
{
    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("mesh-publish-command-");

    public void Dispose() => _output.Delete(recursive: true);

    [Fact]
    public async Task PublishManifest_Bookinfo_WritesTheManifestKubernetesAndOneWarningPerAzdFeature()
    {
        var root = Repository.Root();
        var manifest = Path.Combine(_output.FullName, "aspire-manifest.json");

        var output = await DotnetCommand.RunAsync(root, new Dictionary<string, string>(), TimeSpan.FromMinutes(4),
            "run", "--no-build", "--project", Path.Combine(root, "MeshHost.AppHost", "MeshHost.AppHost.csproj"), "--",
            "--publisher", "manifest", "--output-path", manifest);

        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(manifest)))
        {
            Assert.Equal(
                [.. BookinfoWorkloads.Names.Order(StringComparer.Ordinal)],
                json.RootElement.GetProperty("resources").EnumerateObject().Select(static r => r.Name).Order(StringComparer.Ordinal));
        }

        Assert.Equal(
            ["deployments.yaml", "kustomization.yaml", "mesh-config.yaml", "namespace.yaml", "service-accounts.yaml", "services.yaml"],
            Directory.GetFiles(Path.Combine(_output.FullName, "kubernetes")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var feature in (string[])["sidecars, mutual TLS and workload identities", "logical services with several versions", "request routing", "traffic policies", "the ingress gateway"])
        {
            Assert.Contains("azd will not enforce mesh feature " + feature, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("kubernetes/: ", output, StringComparison.Ordinal);
    }
}

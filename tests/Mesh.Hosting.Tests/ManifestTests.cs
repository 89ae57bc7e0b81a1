using System.Text.Json;
using Aspire.Hosting;

namespace Mesh.Hosting.Tests;

public sealed class ManifestTests
{
    [Fact]
    public async Task PublishManifest_HasOnlyTheApps_AndNoDanglingReferences()
    {
        var directory = Directory.CreateTempSubdirectory("mesh-manifest-");
        var path = Path.Combine(directory.FullName, "aspire-manifest.json");
        try
        {
            var builder = TestModel.Bookinfo("--publisher", "manifest", "--output-path", path);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await using var app = builder.Build();
            await app.RunAsync(cancel.Token);

            var json = await File.ReadAllTextAsync(path, cancel.Token);
            using var manifest = JsonDocument.Parse(json);
            var resources = manifest.RootElement.GetProperty("resources");
            var names = resources.EnumerateObject().Select(r => r.Name).Order().ToArray();
            Assert.Equal(["details", "productpage", "ratings", "reviews-v1", "reviews-v2", "reviews-v3"], names);
            foreach (var resource in resources.EnumerateObject())
            {
                Assert.StartsWith("project.", resource.Value.GetProperty("type").GetString(), StringComparison.Ordinal);
            }

            // Every {resource.…} expression must name a resource that is in the manifest (azd resolves them).
            foreach (var reference in System.Text.RegularExpressions.Regex.Matches(json, @"\{([a-z0-9-]+)\.").Select(m => m.Groups[1].Value).Distinct())
            {
                Assert.Contains(reference, names);
            }

            // Nothing of the mesh's own settings, bootstrap tokens included, is published.
            Assert.DoesNotContain("Mesh__", json, StringComparison.Ordinal);

            var productpageEnv = resources.GetProperty("productpage").GetProperty("env");
            Assert.Equal("{reviews-v1.bindings.http.url}", productpageEnv.GetProperty("services__reviews__http__0").GetString());
            Assert.Equal("{details.bindings.http.url}", productpageEnv.GetProperty("services__details__http__0").GetString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

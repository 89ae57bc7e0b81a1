using System.Text.Json;
using Mesh.Model.Compilation;
using Mesh.Model.Protocol;
using Mesh.Model.Snapshots;
using Mesh.Model.Tests.TestData;

namespace Mesh.Model.Tests.Compilation;

public sealed class SnapshotDeterminismTests
{
    private static readonly string[] Files =
    [
        "destination-rule-all.yaml", "virtual-service-reviews-test-v2.yaml", "bookinfo-gateway.yaml", "authz-allow-nothing.yaml",
        "authz-productpage-viewer.yaml", "peer-authentication-permissive-with-workload.yaml", "local-rate-limit-ratings.yaml",
        "httproute-gateway-parent.yaml",
    ];

    [Fact]
    public void Compile_SameResourcesInAnotherOrder_SerializesIdentically()
    {
        var resources = Files.SelectMany(TestFiles.Resources).ToList();
        var shuffled = resources.AsEnumerable().Reverse().ToList();

        var first = Json(Compile.Resources("gateway", resources, ProxyMode.Gateway));
        var second = Json(Compile.Resources("gateway", shuffled, ProxyMode.Gateway));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Serialize_ConfigSnapshot_RoundTripsThroughMeshJsonContext()
    {
        var snapshot = Compile.Resources("gateway", Files.SelectMany(TestFiles.Resources).ToList(), ProxyMode.Gateway);

        var json = Json(snapshot);
        var copy = JsonSerializer.Deserialize(json, MeshJsonContext.Default.ConfigSnapshot);

        Assert.NotNull(copy);
        Assert.Equal(json, Json(copy));
        Assert.Contains("\"kind\":\"Exact\"", json, StringComparison.Ordinal);
        Assert.Contains("\"mode\":\"Gateway\"", json, StringComparison.Ordinal);
    }

    private static string Json(ConfigSnapshot snapshot) => JsonSerializer.Serialize(snapshot, MeshJsonContext.Default.ConfigSnapshot);
}

namespace Mesh.Testing;

/// <summary>
/// The workloads of Istio's Bookinfo as MeshHost.AppHost declares them (the ingress gateway aside): tests that start
/// the AppHost or build its model expect the same six.
/// </summary>
public static class BookinfoWorkloads
{
    /// <summary>The workload names, in the AppHost's order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["details", "ratings", "reviews-v1", "reviews-v2", "reviews-v3", "productpage"];
}

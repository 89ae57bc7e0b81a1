namespace Mesh.Model.Tests;

/// <summary>HTTPRoute YAML for tests that are about its rules.</summary>
internal static class HttpRoutes
{
    /// <summary>An HTTPRoute <c>reviews</c> with the Service reviews as parent and <paramref name="rules"/> (list items written from column 0).</summary>
    public static string ForReviews(string rules) => $"""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {"{"}name: reviews{"}"}
        spec:
          parentRefs: [{"{"}kind: Service, group: "", name: reviews{"}"}]
          rules:
        {string.Join('\n', rules.Split('\n').Select(l => "    " + l))}
        """;
}

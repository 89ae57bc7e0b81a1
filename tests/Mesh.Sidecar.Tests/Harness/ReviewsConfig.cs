namespace Mesh.Sidecar.Tests.Harness;

/// <summary>Istio YAML for the reviews service, for tests that need one setting of a route or of the connection pool.</summary>
internal static class ReviewsConfig
{
    /// <summary>A VirtualService for reviews whose one route has <paramref name="settings"/> (e.g. <c>timeout: 1s</c>).</summary>
    public static string Route(params string[] settings) => $"""
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
        {string.Concat(settings.Select(s => $"    {s}\n"))}
        """;

    /// <summary>A DestinationRule for reviews with the connection pool <paramref name="pool"/> (e.g. <c>tcp: {maxConnections: 1}</c>).</summary>
    public static string ConnectionPool(string pool) => $$"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            connectionPool: {{{pool}}}
        """;
}

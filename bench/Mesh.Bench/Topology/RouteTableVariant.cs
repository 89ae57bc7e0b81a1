namespace Mesh.Bench.Topology;

/// <summary>
/// The <c>routes</c> pair: the mesh path with a representative route table, to measure what routing costs
/// over the plain mesh path. Its service gets a VirtualService with header, prefix and regex matches ahead of
/// a 90/10 weighted split with retries and a timeout, and a DestinationRule with two subsets, LEAST_REQUEST
/// and outlier detection on; the benchmark's requests fall through to the weighted route, as most do.
/// </summary>
internal static class RouteTableVariant
{
    public const string Name = "routes";

    public static SidecarVariant Create() =>
        new(Name, ProgramDirectory: null, new Dictionary<string, string>(StringComparer.Ordinal), MeshConfig(BenchTopology.BackendWorkload + "-" + Name));

    private static string MeshConfig(string service) => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: {{service}}
        spec:
          hosts: [{{service}}]
          http:
          - match:
            - headers:
                end-user: {exact: jason}
            route:
            - destination: {host: {{service}}, subset: a}
          - match:
            - uri: {prefix: /admin}
            - uri: {regex: "/api/v[0-9]+/internal/.*"}
            route:
            - destination: {host: {{service}}, subset: b}
          - match:
            - method: {exact: POST}
              queryParams:
                debug: {exact: "1"}
            route:
            - destination: {host: {{service}}, subset: b}
          - route:
            - destination: {host: {{service}}, subset: a}
              weight: 90
            - destination: {host: {{service}}, subset: b}
              weight: 10
            timeout: 10s
            retries: {attempts: 2, perTryTimeout: 5s, retryOn: "5xx,connect-failure"}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: {{service}}
        spec:
          host: {{service}}
          trafficPolicy:
            loadBalancer: {simple: LEAST_REQUEST}
            outlierDetection: {consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50}
          subsets:
          - name: a
            labels: {version: v1}
          - name: b
            labels: {app: {{service}}}
        """;
}

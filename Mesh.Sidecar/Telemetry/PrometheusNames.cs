namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// The sidecar's instruments under Istio's Prometheus names at <c>/stats/prometheus</c>, so Istio's Grafana dashboards and
/// queries read them as they read an Envoy sidecar's; the histograms with Istio's buckets.
/// </summary>
internal static class PrometheusNames
{
    // Istio's istio_request_duration_milliseconds buckets (its stats filter's defaults).
    private static readonly double[] s_durationBuckets = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

    // Istio's istio_request_bytes / istio_response_bytes buckets: powers of ten from 1 to 10^8.
    private static readonly double[] s_sizeBuckets = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000];

    /// <summary>Each instrument of <see cref="SidecarMetrics"/> and its Prometheus name.</summary>
    public static IReadOnlyList<PrometheusName> Istio { get; } =
    [
        new("mesh.requests", "istio_requests_total"),
        new("mesh.request.duration", "istio_request_duration_milliseconds", s_durationBuckets),
        new("mesh.request.size", "istio_request_bytes", s_sizeBuckets),
        new("mesh.response.size", "istio_response_bytes", s_sizeBuckets),
        new("mesh.tcp.connections.opened", "istio_tcp_connections_opened_total"),
        new("mesh.tcp.connections.closed", "istio_tcp_connections_closed_total"),
        new("mesh.tcp.sent", "istio_tcp_sent_bytes_total"),
        new("mesh.tcp.received", "istio_tcp_received_bytes_total"),
        // Istio has none: Envoy's RBAC filter counts denials per policy in its own stats.
        new("mesh.authz.denials", "mesh_authz_denials_total"),
    ];
}

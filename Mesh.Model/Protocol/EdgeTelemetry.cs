namespace Mesh.Model.Protocol;

/// <summary>
/// What sidecars and the control plane agree on for <see cref="EdgeReport"/>s. Each request is counted once, as Kiali
/// reads Istio's telemetry: by the destination's inbound side when it reached one (it alone knows the verified caller,
/// the denying policy and its rate limits), and by the caller's side only when no destination workload was picked
/// (no route, no healthy endpoint, an injected abort), so no request lands on two edges.
/// </summary>
public static class EdgeTelemetry
{
    /// <summary>The reporter of edges counted at the destination.</summary>
    public const string DestinationReporter = "destination";

    /// <summary>The reporter of edges counted at the caller (requests that reached no workload).</summary>
    public const string SourceReporter = "source";

    /// <summary>A side of an edge the reporter cannot name (Istio's <c>unknown</c>).</summary>
    public const string Unknown = "unknown";

    /// <summary>At most this many edges in one report; a sidecar keeps no more, the control plane refuses more.</summary>
    public const int MaxEdgesPerReport = 256;

    /// <summary>The longest workload or service name an edge may carry (a DNS name's limit).</summary>
    public const int MaxNameLength = 253;

    /// <summary>Upper bounds (ms) of the latency buckets, a subset of Istio's default duration buckets; the last bucket is open.</summary>
    public static IReadOnlyList<double> LatencyBoundsMs { get; } = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];

    /// <summary>The number of latency buckets an edge carries: one per bound and one past the last.</summary>
    public static int LatencyBucketCount => LatencyBoundsMs.Count + 1;
}

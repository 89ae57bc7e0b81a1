using System.Text.Json.Serialization;

namespace Mesh.Model.Snapshots;

/// <summary>A destination's traffic policy with Istio's defaults filled in.</summary>
public sealed record TrafficPolicyConfig
{
    /// <summary>The policy of a destination no DestinationRule mentions.</summary>
    public static TrafficPolicyConfig Default { get; } = new() { LoadBalancer = LoadBalancerConfig.Default };

    /// <summary>Load balancing.</summary>
    public required LoadBalancerConfig LoadBalancer { get; init; }

    /// <summary>Circuit-breaker limits; null for none.</summary>
    public ConnectionPoolConfig? ConnectionPool { get; init; }

    /// <summary>Outlier detection; null when off (Istio's default).</summary>
    public OutlierDetectionConfig? OutlierDetection { get; init; }

    /// <summary>Transport between sidecars.</summary>
    public UpstreamTlsMode Tls { get; init; }
}

/// <summary>Load-balancing algorithm.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LoadBalancerPolicy>))]
public enum LoadBalancerPolicy
{
    /// <summary>Least outstanding requests (power of two choices): Istio's default.</summary>
    LeastRequest,

    /// <summary>Round robin.</summary>
    RoundRobin,

    /// <summary>Random.</summary>
    Random,

    /// <summary>Istio's PASSTHROUGH (the original destination); the mesh has one address per endpoint, so any endpoint.</summary>
    Passthrough,

    /// <summary>Consistent hashing on <see cref="LoadBalancerConfig.Hash"/>.</summary>
    ConsistentHash,
}

/// <summary>Load balancing.</summary>
public sealed record LoadBalancerConfig
{
    /// <summary>Istio's default: <c>LEAST_REQUEST</c>.</summary>
    public static LoadBalancerConfig Default { get; } = new() { Policy = LoadBalancerPolicy.LeastRequest };

    /// <summary>The algorithm.</summary>
    public required LoadBalancerPolicy Policy { get; init; }

    /// <summary>The hash key, for <see cref="LoadBalancerPolicy.ConsistentHash"/>.</summary>
    public ConsistentHashConfig? Hash { get; init; }
}

/// <summary>A consistent-hash key: exactly one of its members is set.</summary>
public sealed record ConsistentHashConfig
{
    /// <summary>Hash this request header.</summary>
    public string? HeaderName { get; init; }

    /// <summary>Hash this cookie (generated with <see cref="CookieTtl"/> and <see cref="CookiePath"/> when absent).</summary>
    public string? CookieName { get; init; }

    /// <summary>Path of a generated cookie.</summary>
    public string? CookiePath { get; init; }

    /// <summary>Lifetime of a generated cookie; zero for a session cookie.</summary>
    public TimeSpan? CookieTtl { get; init; }

    /// <summary>Hash the caller's address.</summary>
    public bool UseSourceIp { get; init; }

    /// <summary>Hash this query parameter.</summary>
    public string? QueryParameterName { get; init; }
}

/// <summary>Circuit-breaker limits; a null member is unlimited (or the platform default).</summary>
public sealed record ConnectionPoolConfig
{
    /// <summary>Connections to the destination (Istio's tcp.maxConnections).</summary>
    public int? MaxConnections { get; init; }

    /// <summary>Connection timeout.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>Lifetime of a pooled connection.</summary>
    public TimeSpan? MaxConnectionDuration { get; init; }

    /// <summary>Requests waiting for a connection (Envoy's pending requests; overflow is <c>UO</c>).</summary>
    public int? Http1MaxPendingRequests { get; init; }

    /// <summary>Concurrent requests to the destination.</summary>
    public int? Http2MaxRequests { get; init; }

    /// <summary>Requests per connection before it is closed; 1 disables keep-alive.</summary>
    public int? MaxRequestsPerConnection { get; init; }

    /// <summary>Concurrent retries to the destination.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>Idle time before a pooled connection closes.</summary>
    public TimeSpan? IdleTimeout { get; init; }
}

/// <summary>Outlier detection with Istio's defaults filled in.</summary>
public sealed record OutlierDetectionConfig
{
    /// <summary>Consecutive 5xx before ejection; 0 disables (Istio's default 5).</summary>
    public required int Consecutive5xxErrors { get; init; }

    /// <summary>Consecutive 502/503/504 before ejection; 0 disables (Istio's default).</summary>
    public required int ConsecutiveGatewayErrors { get; init; }

    /// <summary>Time between ejection sweeps (Istio's default 10 s).</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>Minimum ejection time, multiplied by the number of ejections (Istio's default 30 s).</summary>
    public required TimeSpan BaseEjectionTime { get; init; }

    /// <summary>Most endpoints ejected at once, in percent (Istio's default 10).</summary>
    public required int MaxEjectionPercent { get; init; }

    /// <summary>Detection is on only while this percentage of endpoints is healthy (Istio's default 0).</summary>
    public required int MinHealthPercent { get; init; }
}

/// <summary>Transport from a sidecar to a destination.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UpstreamTlsMode>))]
public enum UpstreamTlsMode
{
    /// <summary>No DestinationRule says: mutual TLS when the mesh has certificates (Istio's auto mTLS).</summary>
    Auto,

    /// <summary>Mutual TLS with the mesh's certificates (<c>ISTIO_MUTUAL</c>).</summary>
    IstioMutual,

    /// <summary>Plain HTTP (<c>DISABLE</c>).</summary>
    Disable,
}

/// <summary>A subset: its labels and its policy (the service's, overridden field by field by the subset's).</summary>
public sealed record SubsetConfig
{
    /// <summary>Subset name.</summary>
    public required string Name { get; init; }

    /// <summary>Labels an endpoint must carry.</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>The merged policy.</summary>
    public required TrafficPolicyConfig Policy { get; init; }
}

namespace Mesh.Model.Resources;

/// <summary>Istio <c>DestinationRule</c>: subsets and traffic policy for one host.</summary>
public sealed record DestinationRule() : ConfigResource(ResourceKinds.NetworkingV1)
{
    /// <inheritdoc />
    public override string Kind => ResourceKinds.DestinationRule;

    /// <summary><c>spec</c>.</summary>
    public DestinationRuleSpec Spec { get; init; } = new();
}

/// <summary>A <c>DestinationRule</c>'s <c>spec</c>.</summary>
public sealed record DestinationRuleSpec
{
    /// <summary><c>host</c>: a service name, short or fully qualified.</summary>
    public string Host { get; init; } = "";

    /// <summary><c>trafficPolicy</c>: applies to every subset unless the subset overrides a part of it.</summary>
    public TrafficPolicy? TrafficPolicy { get; init; }

    /// <summary><c>subsets</c>: named groups of the host's workloads, selected by labels.</summary>
    public IReadOnlyList<Subset> Subsets { get; init; } = [];
}

/// <summary>Istio's <c>Subset</c>.</summary>
public sealed record Subset
{
    /// <summary><c>name</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary><c>labels</c>: the workloads of the subset; empty selects all of the host's workloads.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = Empty.Map;

    /// <summary><c>trafficPolicy</c>: overrides the rule's policy field by field (load balancer, pool, ...).</summary>
    public TrafficPolicy? TrafficPolicy { get; init; }
}

/// <summary>Istio's <c>TrafficPolicy</c>.</summary>
public sealed record TrafficPolicy
{
    /// <summary><c>loadBalancer</c>.</summary>
    public LoadBalancerSettings? LoadBalancer { get; init; }

    /// <summary><c>connectionPool</c>: the circuit breaker's limits.</summary>
    public ConnectionPoolSettings? ConnectionPool { get; init; }

    /// <summary><c>outlierDetection</c>.</summary>
    public OutlierDetection? OutlierDetection { get; init; }

    /// <summary><c>tls</c>.</summary>
    public ClientTlsSettings? Tls { get; init; }
}

/// <summary>Istio's <c>LoadBalancerSettings</c>: one of <see cref="Simple"/> and <see cref="ConsistentHash"/>.</summary>
public sealed record LoadBalancerSettings
{
    /// <summary><c>simple</c>.</summary>
    public SimpleLoadBalancer? Simple { get; init; }

    /// <summary><c>consistentHash</c>.</summary>
    public ConsistentHashSettings? ConsistentHash { get; init; }
}

/// <summary>Values of <c>loadBalancer.simple</c>.</summary>
public enum SimpleLoadBalancer
{
    /// <summary><c>UNSPECIFIED</c>: Istio's default (<c>LEAST_REQUEST</c>).</summary>
    Unspecified,

    /// <summary><c>ROUND_ROBIN</c>.</summary>
    RoundRobin,

    /// <summary><c>LEAST_REQUEST</c> (and the deprecated <c>LEAST_CONN</c>).</summary>
    LeastRequest,

    /// <summary><c>RANDOM</c>.</summary>
    Random,

    /// <summary><c>PASSTHROUGH</c>.</summary>
    Passthrough,
}

/// <summary>Istio's <c>ConsistentHashLB</c>: exactly one hash key.</summary>
public sealed record ConsistentHashSettings
{
    /// <summary><c>httpHeaderName</c>.</summary>
    public string? HttpHeaderName { get; init; }

    /// <summary><c>httpCookie</c>.</summary>
    public HttpCookieSettings? HttpCookie { get; init; }

    /// <summary><c>useSourceIp</c>.</summary>
    public bool UseSourceIp { get; init; }

    /// <summary><c>httpQueryParameterName</c>.</summary>
    public string? HttpQueryParameterName { get; init; }
}

/// <summary>Istio's <c>HTTPCookie</c> hash key: a cookie, generated with <see cref="Ttl"/> when absent.</summary>
public sealed record HttpCookieSettings
{
    /// <summary><c>name</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary><c>path</c>.</summary>
    public string? Path { get; init; }

    /// <summary><c>ttl</c>.</summary>
    public TimeSpan? Ttl { get; init; }
}

/// <summary>Istio's <c>ConnectionPoolSettings</c>.</summary>
public sealed record ConnectionPoolSettings
{
    /// <summary><c>tcp</c>.</summary>
    public TcpConnectionPoolSettings? Tcp { get; init; }

    /// <summary><c>http</c>.</summary>
    public HttpConnectionPoolSettings? Http { get; init; }
}

/// <summary>Istio's <c>ConnectionPoolSettings.TCPSettings</c>.</summary>
public sealed record TcpConnectionPoolSettings
{
    /// <summary><c>maxConnections</c>.</summary>
    public int? MaxConnections { get; init; }

    /// <summary><c>connectTimeout</c>.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary><c>maxConnectionDuration</c>.</summary>
    public TimeSpan? MaxConnectionDuration { get; init; }
}

/// <summary>Istio's <c>ConnectionPoolSettings.HTTPSettings</c>.</summary>
public sealed record HttpConnectionPoolSettings
{
    /// <summary><c>http1MaxPendingRequests</c>.</summary>
    public int? Http1MaxPendingRequests { get; init; }

    /// <summary><c>http2MaxRequests</c>.</summary>
    public int? Http2MaxRequests { get; init; }

    /// <summary><c>maxRequestsPerConnection</c>.</summary>
    public int? MaxRequestsPerConnection { get; init; }

    /// <summary><c>maxRetries</c>.</summary>
    public int? MaxRetries { get; init; }

    /// <summary><c>idleTimeout</c>.</summary>
    public TimeSpan? IdleTimeout { get; init; }
}

/// <summary>Istio's <c>OutlierDetection</c>.</summary>
public sealed record OutlierDetection
{
    /// <summary><c>consecutive5xxErrors</c> (or the deprecated <c>consecutiveErrors</c>).</summary>
    public int? Consecutive5xxErrors { get; init; }

    /// <summary><c>consecutiveGatewayErrors</c>: 502, 503 and 504 only.</summary>
    public int? ConsecutiveGatewayErrors { get; init; }

    /// <summary><c>interval</c>.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary><c>baseEjectionTime</c>.</summary>
    public TimeSpan? BaseEjectionTime { get; init; }

    /// <summary><c>maxEjectionPercent</c>.</summary>
    public int? MaxEjectionPercent { get; init; }

    /// <summary><c>minHealthPercent</c>.</summary>
    public int? MinHealthPercent { get; init; }
}

/// <summary>Istio's <c>ClientTLSSettings</c>; only <see cref="Mode"/> is read.</summary>
public sealed record ClientTlsSettings
{
    /// <summary><c>mode</c>.</summary>
    public ClientTlsMode Mode { get; init; }
}

/// <summary>Values of <c>tls.mode</c> in a DestinationRule.</summary>
public enum ClientTlsMode
{
    /// <summary><c>DISABLE</c>: plain HTTP to the destination.</summary>
    Disable,

    /// <summary><c>SIMPLE</c>: not supported by the mesh.</summary>
    Simple,

    /// <summary><c>MUTUAL</c> with user certificates: not supported by the mesh.</summary>
    Mutual,

    /// <summary><c>ISTIO_MUTUAL</c>: mutual TLS with the mesh's certificates.</summary>
    IstioMutual,
}

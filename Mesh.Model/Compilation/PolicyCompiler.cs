using Mesh.Model.Resources;
using Mesh.Model.Snapshots;

namespace Mesh.Model.Compilation;

/// <summary>A DestinationRule's traffic policy, a subset's override merged in field by field, with Istio's defaults.</summary>
internal static class PolicyCompiler
{
    public static TrafficPolicyConfig Compile(TrafficPolicy? top, TrafficPolicy? subset) => new()
    {
        LoadBalancer = LoadBalancer(subset?.LoadBalancer ?? top?.LoadBalancer),
        ConnectionPool = ConnectionPool(subset?.ConnectionPool ?? top?.ConnectionPool),
        OutlierDetection = OutlierDetection(subset?.OutlierDetection ?? top?.OutlierDetection),
        Tls = (subset?.Tls ?? top?.Tls)?.Mode switch
        {
            null => UpstreamTlsMode.Auto,
            ClientTlsMode.Disable => UpstreamTlsMode.Disable,
            _ => UpstreamTlsMode.IstioMutual, // SIMPLE and MUTUAL are reported as unsupported and treated as ISTIO_MUTUAL.
        },
    };

    private static LoadBalancerConfig LoadBalancer(LoadBalancerSettings? settings)
    {
        if (settings?.ConsistentHash is { } hash)
        {
            return new LoadBalancerConfig
            {
                Policy = LoadBalancerPolicy.ConsistentHash,
                Hash = new ConsistentHashConfig
                {
                    HeaderName = hash.HttpHeaderName?.ToLowerInvariant(),
                    CookieName = hash.HttpCookie?.Name,
                    CookiePath = hash.HttpCookie?.Path,
                    CookieTtl = hash.HttpCookie?.Ttl,
                    UseSourceIp = hash.UseSourceIp,
                    QueryParameterName = hash.HttpQueryParameterName,
                },
            };
        }

        return settings?.Simple switch
        {
            SimpleLoadBalancer.RoundRobin => new LoadBalancerConfig { Policy = LoadBalancerPolicy.RoundRobin },
            SimpleLoadBalancer.Random => new LoadBalancerConfig { Policy = LoadBalancerPolicy.Random },
            SimpleLoadBalancer.Passthrough => new LoadBalancerConfig { Policy = LoadBalancerPolicy.Passthrough },
            _ => LoadBalancerConfig.Default,
        };
    }

    private static ConnectionPoolConfig? ConnectionPool(ConnectionPoolSettings? pool) => pool is null ? null : new ConnectionPoolConfig
    {
        MaxConnections = pool.Tcp?.MaxConnections,
        ConnectTimeout = pool.Tcp?.ConnectTimeout,
        MaxConnectionDuration = pool.Tcp?.MaxConnectionDuration,
        Http1MaxPendingRequests = pool.Http?.Http1MaxPendingRequests,
        Http2MaxRequests = pool.Http?.Http2MaxRequests,
        MaxRequestsPerConnection = pool.Http?.MaxRequestsPerConnection,
        MaxRetries = pool.Http?.MaxRetries,
        IdleTimeout = pool.Http?.IdleTimeout,
    };

    // Defaults as Istio's OutlierDetection reference states them.
    private static OutlierDetectionConfig? OutlierDetection(OutlierDetection? outlier) => outlier is null ? null : new OutlierDetectionConfig
    {
        Consecutive5xxErrors = outlier.Consecutive5xxErrors ?? 5,
        ConsecutiveGatewayErrors = outlier.ConsecutiveGatewayErrors ?? 0,
        Interval = outlier.Interval ?? TimeSpan.FromSeconds(10),
        BaseEjectionTime = outlier.BaseEjectionTime ?? TimeSpan.FromSeconds(30),
        MaxEjectionPercent = outlier.MaxEjectionPercent ?? 10,
        MinHealthPercent = outlier.MinHealthPercent ?? 0,
    };
}

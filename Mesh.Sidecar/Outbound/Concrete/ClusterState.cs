using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Outbound.Concrete;

/// <summary>
/// The live state of one cluster (a service, or one subset of it, with one policy): its balancer, circuit
/// breaker, outlier detector and retry budget. It outlives snapshots while the cluster's policy stays the
/// same, so in-flight counts, ejections and round-robin positions survive a config push.
/// </summary>
internal sealed class ClusterState
{
    public ClusterState(TrafficPolicyConfig policy, TimeProvider time, Random random)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
        Random = random;
        Balancer = policy.LoadBalancer.Policy switch
        {
            LoadBalancerPolicy.RoundRobin or LoadBalancerPolicy.Passthrough => new RoundRobinBalancer(),
            LoadBalancerPolicy.Random => new RandomBalancer(random),
            LoadBalancerPolicy.ConsistentHash => new ConsistentHashBalancer(),
            _ => new LeastRequestBalancer(random),
        };
        var pool = policy.ConnectionPool;
        // Upstream HTTP/1.1 carries one request per connection at a time, so maxConnections also caps requests (the
        // pools cap connections to each endpoint at it too). Zero is Istio's "unset", Envoy's default: no limit.
        Limiter = new RequestLimiter(Min(Positive(pool?.MaxConnections), Positive(pool?.Http2MaxRequests)), pool?.Http1MaxPendingRequests);
        RetryBudget = new RetryBudget(pool?.MaxRetries);
        if (policy.OutlierDetection is { } outlier)
        {
            Outliers = new OutlierDetector(
                new OutlierSettings
                {
                    Consecutive5xxErrors = outlier.Consecutive5xxErrors,
                    ConsecutiveGatewayErrors = outlier.ConsecutiveGatewayErrors,
                    Interval = RuntimeDuration.Clamp(outlier.Interval),
                    BaseEjectionTime = RuntimeDuration.Clamp(outlier.BaseEjectionTime),
                    MaxEjectionPercent = outlier.MaxEjectionPercent,
                    MinHealthPercent = outlier.MinHealthPercent,
                },
                time);
        }
    }

    public TrafficPolicyConfig Policy { get; }

    /// <summary>The sidecar's random source (<see cref="Random.Shared"/>, or a test's script).</summary>
    public Random Random { get; }

    public LoadBalancer Balancer { get; }

    public RequestLimiter Limiter { get; }

    public RetryBudget RetryBudget { get; }

    /// <summary>Null when outlier detection is off (Istio's default).</summary>
    public OutlierDetector? Outliers { get; }

    private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static int? Positive(int? value) => value > 0 ? value : null;
}

/// <summary>Every cluster's state by name, replaced when a cluster's policy changes.</summary>
internal sealed class ClusterStates(TimeProvider time, Random random)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ClusterState> _states = new(StringComparer.Ordinal);

    public ClusterState GetOrCreate(string cluster, TrafficPolicyConfig policy)
    {
        lock (_lock)
        {
            if (_states.TryGetValue(cluster, out var state) && state.Policy == policy)
            {
                return state;
            }

            state = new ClusterState(policy, time, random);
            _states[cluster] = state;
            return state;
        }
    }

    /// <summary>The states, for /stats.</summary>
    public IReadOnlyList<KeyValuePair<string, ClusterState>> Snapshot()
    {
        lock (_lock)
        {
            return [.. _states.OrderBy(s => s.Key, StringComparer.Ordinal)];
        }
    }
}

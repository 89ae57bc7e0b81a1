using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>
/// A compiled <see cref="RetryConfig"/>: which outcomes Envoy's <c>retry_on</c> and <c>retry_grpc_on</c> conditions
/// (Istio's <c>retryOn</c> holds both) retry, how many times, each try's timeout and the backoff between tries.
/// </summary>
internal sealed class RetryPolicy
{
    private readonly bool _on5xx;
    private readonly bool _onGatewayError;
    private readonly bool _onConnectFailure;
    private readonly bool _onReset;
    private readonly bool _onRetriable4xx;
    private readonly HashSet<int> _statusCodes = [];

    // Envoy's x-envoy-retry-grpc-on conditions, one bit per gRPC status (GrpcStatus) they retry.
    private readonly int _grpcStatuses;

    public RetryPolicy(RetryConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Attempts = Math.Max(0, config.Attempts);
        PerTryTimeout = config.PerTryTimeout is { } t && t > TimeSpan.Zero ? t : null;
        Backoff = config.Backoff > TimeSpan.Zero ? RuntimeDuration.Clamp(config.Backoff) : TimeSpan.FromMilliseconds(25);
        foreach (var condition in config.RetryOn)
        {
            switch (condition.Trim())
            {
                case "5xx":
                    _on5xx = true;
                    break;
                case "gateway-error":
                    _onGatewayError = true;
                    break;
                case "connect-failure":
                    _onConnectFailure = true;
                    break;
                case "reset" or "reset-before-request":
                    _onReset = true;
                    break;
                case "refused-stream":
                    // An HTTP/2 REFUSED_STREAM surfaces here as a reset before any response.
                    _onReset = true;
                    break;
                case "retriable-4xx":
                    _onRetriable4xx = true;
                    break;
                case "cancelled":
                    _grpcStatuses |= 1 << (int)GrpcStatus.Cancelled;
                    break;
                case "deadline-exceeded":
                    _grpcStatuses |= 1 << (int)GrpcStatus.DeadlineExceeded;
                    break;
                case "resource-exhausted":
                    _grpcStatuses |= 1 << (int)GrpcStatus.ResourceExhausted;
                    break;
                case "internal":
                    _grpcStatuses |= 1 << (int)GrpcStatus.Internal;
                    break;
                case "unavailable":
                    _grpcStatuses |= 1 << (int)GrpcStatus.Unavailable;
                    break;
                case var code when int.TryParse(code, out var status):
                    _statusCodes.Add(status);
                    break;
                default:
                    // retriable-status-codes (the codes come as numbers).
                    break;
            }
        }
    }

    /// <summary>Retries after the first try.</summary>
    public int Attempts { get; }

    /// <summary>Timeout of each try, if any.</summary>
    public TimeSpan? PerTryTimeout { get; }

    /// <summary>Base interval of Envoy's exponential backoff.</summary>
    public TimeSpan Backoff { get; }

    /// <summary>Whether the policy retries some gRPC statuses, which only a gRPC answer's headers carry.</summary>
    public bool RetriesGrpc => _grpcStatuses != 0;

    /// <summary>Whether an answer with <paramref name="statusCode"/> is retried.</summary>
    public bool RetriesStatus(int statusCode) =>
        (_on5xx && statusCode >= 500)
        || (_onGatewayError && statusCode is 502 or 503 or 504)
        || (_onRetriable4xx && statusCode == 409)
        || _statusCodes.Contains(statusCode);

    /// <summary>
    /// Whether an answer with <paramref name="statusCode"/> and, in its headers (a trailers-only gRPC answer),
    /// <paramref name="grpcStatus"/> is retried: Envoy's gRPC conditions read <c>grpc-status</c> from the headers only, so a
    /// status that comes after a message (in the trailers) is the call's result and is never retried.
    /// </summary>
    public bool RetriesAnswer(int statusCode, GrpcStatus? grpcStatus) =>
        RetriesStatus(statusCode) || (grpcStatus is { } status && (uint)status < 32 && (_grpcStatuses & (1 << (int)status)) != 0);

    /// <summary>Whether a try that got no answer (flag <paramref name="flag"/>) is retried.</summary>
    public bool RetriesFailure(ResponseFlag flag) => flag switch
    {
        ResponseFlag.UpstreamConnectionFailure => _onConnectFailure || _on5xx || _onGatewayError,
        ResponseFlag.UpstreamConnectionTermination => _onReset || _on5xx || _onGatewayError,
        // Envoy resets a try whose per-try timeout fires, and retries that reset as any other.
        ResponseFlag.UpstreamRequestTimeout => _onReset || _on5xx || _onGatewayError,
        _ => false,
    };

    /// <summary>
    /// Envoy's backoff before retry <paramref name="retry"/> (1-based): a random time up to
    /// (2^retry - 1) × base, capped at 10 × base.
    /// </summary>
    public TimeSpan DelayBefore(int retry, Random random)
    {
        var ceiling = Math.Min((1L << Math.Min(retry, 20)) - 1, 10) * Backoff.Ticks;
        return TimeSpan.FromTicks((long)(random.NextDouble() * ceiling));
    }
}

using Mesh.Sidecar.Outbound.Concrete;
using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>
/// One request's retries: the one place that decides whether an outcome is retried, both a retriable answer (held back
/// before the caller sees it) and a try that got no answer. It knows the route's policy, how many retries are left, and
/// the retry the request holds in its cluster's retry budget.
/// </summary>
/// <remarks>
/// Envoy's semantics, kept by hand rather than with Polly's retry strategy: a retriable answer is decided while YARP
/// copies the response (to hold it back, the decision must be taken inside the transformer), every retry must be
/// granted by the cluster's retry budget (<see cref="RetryBudget"/>, Envoy's <c>retry_budget</c>), and exhausting the
/// retries is a response flag (<c>URX</c>), none of which Polly's pipeline models.
/// </remarks>
/// <param name="policy">The route's retry policy.</param>
/// <param name="budget">The cluster's retry budget.</param>
/// <param name="limiter">The cluster's circuit breaker, whose requests in flight size the budget.</param>
/// <param name="bodiless">Whether the request has no body, so every try can send it.</param>
/// <param name="body">A gRPC request's body kept for retries (<see cref="RetryableBody"/>); null when it is not kept.</param>
internal sealed class RetryState(RetryPolicy policy, RetryBudget budget, RequestLimiter limiter, bool bodiless, RetryableBody? body = null)
{
    private int _attempt;
    private bool _holdsRetry;
    private GrpcStatus? _answerGrpcStatus;

    /// <summary>The route's policy (per-try timeout, backoff).</summary>
    public RetryPolicy Policy { get; } = policy;

    /// <summary>The try under way: 0 for the first, then each retry.</summary>
    public int Attempt => _attempt;

    // A request whose body cannot be sent again is never retried (Envoy buffers bodies for retries; YARP streams them, and
    // only a gRPC call's is kept).
    private bool Replayable => bodiless || body?.CanReplay == true;

    private int RetriesLeft => Replayable ? Policy.Attempts - _attempt : 0;

    /// <summary>Whether <paramref name="answer"/> is held back for a retry (asked as it arrives, before the caller sees it).</summary>
    public bool RetriesAnswer(HttpResponseMessage answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        // Only a gRPC call's answer is looked at for grpc-status, and only when the policy retries some.
        _answerGrpcStatus = body is not null && Policy.RetriesGrpc ? GrpcProtocol.StatusIn(answer.Headers) : null;
        return RetriesLeft > 0 && Policy.RetriesAnswer((int)answer.StatusCode, _answerGrpcStatus) && Renew();
    }

    /// <summary>
    /// Whether a try that got no answer (flag <paramref name="flag"/>) is retried. When the policy would retry it but the
    /// retry budget refuses, <paramref name="flag"/> becomes <c>URX</c>.
    /// </summary>
    public bool RetriesFailure(ref ResponseFlag flag, bool responseStarted)
    {
        if (responseStarted || RetriesLeft <= 0 || !Policy.RetriesFailure(flag))
        {
            return false;
        }

        if (Renew())
        {
            return true;
        }

        flag = ResponseFlag.UpstreamRetryLimitExceeded;
        return false;
    }

    /// <summary>Whether the answer that went to the caller was retriable with no retry left: Envoy's <c>URX</c>.</summary>
    public bool Exhausted(int statusCode) =>
        Replayable && Policy.Attempts > 0 && RetriesLeft == 0 && Policy.RetriesAnswer(statusCode, _answerGrpcStatus);

    /// <summary>Moves to the next try, with the request's body from its start.</summary>
    public void Next()
    {
        _attempt++;
        body?.Rewind();
    }

    /// <summary>Gives back the retry the request holds in the budget, if any (the request ended, or its retry did).</summary>
    public void End()
    {
        if (_holdsRetry)
        {
            _holdsRetry = false;
            budget.EndRetry();
        }
    }

    // The retry this try was (if any) ends first, so a budget of one can chain retries as Envoy's does.
    private bool Renew()
    {
        End();
        _holdsRetry = budget.TryBeginRetry(limiter.Active);
        return _holdsRetry;
    }
}

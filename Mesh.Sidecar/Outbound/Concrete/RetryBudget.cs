namespace Mesh.Sidecar.Outbound.Concrete;

/// <summary>
/// A bound on concurrent retries to one cluster, so retries cannot multiply an outage: Envoy's
/// <c>circuit_breakers.thresholds.retry_budget</c> (retries allowed = max(<c>min_retry_concurrency</c> 3,
/// <c>budget_percent</c> 20% of active requests)), or, when Istio's <c>connectionPool.http.maxRetries</c> is
/// set, that fixed cap (Envoy's <c>max_retries</c>).
/// </summary>
/// <remarks>
/// Istio leaves <c>maxRetries</c> effectively unlimited by default; the budget is the safer default here,
/// because a sidecar that retries every failure triples the load on an already failing upstream.
/// <para>Not Polly: its retry counts the attempts of one execution; this bounds the retries in flight across every
/// request to a cluster, which Polly has no strategy for.</para>
/// </remarks>
internal sealed class RetryBudget
{
    /// <summary>Envoy's default <c>min_retry_concurrency</c>: a quiet cluster can still retry a few requests.</summary>
    public const int MinRetryConcurrency = 3;

    /// <summary>Envoy's default <c>budget_percent</c>.</summary>
    public const int BudgetPercent = 20;

    private readonly int? _maxRetries;
    private int _active;
    private long _overflows;

    /// <param name="maxRetries">A fixed cap on concurrent retries; <see langword="null"/> uses the budget.</param>
    public RetryBudget(int? maxRetries)
    {
        if (maxRetries is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(max, nameof(maxRetries));
        }

        _maxRetries = maxRetries;
    }

    /// <summary>Retries in flight now.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>Retries refused because the cap was reached (Envoy's <c>upstream_rq_retry_overflow</c>).</summary>
    public long Overflows => Interlocked.Read(ref _overflows);

    /// <summary>The cap on concurrent retries when <paramref name="activeRequests"/> are in flight.</summary>
    public int Cap(int activeRequests) =>
        _maxRetries ?? Math.Max(MinRetryConcurrency, (int)((long)activeRequests * BudgetPercent / 100));

    /// <summary>Starts a retry if the cap allows; on success the caller must call <see cref="EndRetry"/>.</summary>
    /// <param name="activeRequests">Requests in flight to the cluster now (the budget's base).</param>
    public bool TryBeginRetry(int activeRequests)
    {
        var cap = Cap(activeRequests);

        // A compare-and-swap loop, not increment-then-check, so the count never passes the cap even briefly.
        var current = Volatile.Read(ref _active);
        while (true)
        {
            if (current >= cap)
            {
                Interlocked.Increment(ref _overflows);
                return false;
            }

            var seen = Interlocked.CompareExchange(ref _active, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }
    }

    /// <summary>Ends a retry that <see cref="TryBeginRetry"/> allowed.</summary>
    public void EndRetry()
    {
        var current = Volatile.Read(ref _active);
        while (true)
        {
            // An unmatched end would let one more retry through for ever; fail loudly instead.
            if (current <= 0)
            {
                throw new InvalidOperationException("EndRetry was called without a matching TryBeginRetry.");
            }

            var seen = Interlocked.CompareExchange(ref _active, current - 1, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

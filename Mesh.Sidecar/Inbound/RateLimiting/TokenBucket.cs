using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Inbound.RateLimiting;

/// <summary>
/// Envoy's local rate limit (<c>envoy.filters.http.local_ratelimit</c> <c>token_bucket</c>): the bucket starts
/// full, and every whole <c>fill_interval</c> adds <c>tokens_per_fill</c> up to <c>max_tokens</c>; a request
/// without a token is refused (Envoy answers 429).
/// </summary>
/// <remarks>
/// Envoy refills from a timer; here refills are computed on access from the time elapsed, so an idle bucket
/// costs nothing. Refills stay on the grid of whole intervals since construction (as a timer's ticks would),
/// so a steady caller cannot shift the refill later by arriving just before it.
/// <para>Not <c>System.Threading.RateLimiting</c>'s <c>TokenBucketRateLimiter</c> (nor its <c>PartitionedRateLimiter</c>
/// for per-source buckets), as of .NET 10: it reads <c>Stopwatch</c> and runs its own <c>Timer</c>, with no
/// <see cref="TimeProvider"/>, so tests could not be exact; without that timer it refills in proportion to the time
/// elapsed (fractions of a token), not in whole fills on the interval grid; and its Retry-After is a whole number of
/// periods, not the time until the next fill.</para>
/// </remarks>
internal sealed class TokenBucket
{
    private readonly int _tokensPerFill;
    private readonly long _intervalTicks;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Lock _gate = new();
    private int _tokens;

    // Time of the last refill (a whole number of intervals after construction), as TimeSpan ticks since _origin.
    private long _lastFillTicks;

    public TokenBucket(int maxTokens, int tokensPerFill, TimeSpan fillInterval, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokensPerFill);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(fillInterval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        Limit = maxTokens;
        _tokensPerFill = tokensPerFill;
        _intervalTicks = RuntimeDuration.Clamp(fillInterval).Ticks;
        _time = time;
        _origin = time.GetTimestamp();
        _tokens = maxTokens;
    }

    /// <summary>The bucket's size (<c>max_tokens</c>), for the <c>RateLimit-Limit</c> header.</summary>
    public int Limit { get; }

    /// <summary>Tokens left now, for the <c>RateLimit-Remaining</c> header.</summary>
    public int Remaining
    {
        get
        {
            lock (_gate)
            {
                Refill(Now());
                return _tokens;
            }
        }
    }

    /// <summary>Time until the next refill, for the <c>RateLimit-Reset</c> header (the caller rounds up).</summary>
    public TimeSpan UntilNextFill
    {
        get
        {
            lock (_gate)
            {
                var now = Now();
                Refill(now);
                return UntilNextFillAt(now);
            }
        }
    }

    /// <summary>Takes one token.</summary>
    /// <param name="retryAfter">When refused: the exact time until the next refill; otherwise zero.</param>
    /// <returns><see langword="false"/> when the bucket is empty.</returns>
    public bool TryTake(out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var now = Now();
            Refill(now);
            if (_tokens > 0)
            {
                _tokens--;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = UntilNextFillAt(now);
            return false;
        }
    }

    private long Now() => _time.GetElapsedTime(_origin).Ticks;

    private TimeSpan UntilNextFillAt(long now) => TimeSpan.FromTicks(_lastFillTicks + _intervalTicks - now);

    private void Refill(long now)
    {
        var fills = (now - _lastFillTicks) / _intervalTicks;
        if (fills <= 0)
        {
            return;
        }

        _lastFillTicks += fills * _intervalTicks;

        // Long arithmetic and a clamp: after a long idle, fills × tokensPerFill can pass int.MaxValue.
        _tokens = (int)Math.Min(Limit, _tokens + (fills * _tokensPerFill));
    }
}

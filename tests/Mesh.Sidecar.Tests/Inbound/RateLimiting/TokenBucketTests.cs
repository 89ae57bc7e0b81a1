using Mesh.Sidecar.Inbound.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sidecar.Tests.Inbound.RateLimiting;

public sealed class TokenBucketTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryTake_FullBucket_AllowsMaxThenRefusesUntilTheNextFill()
    {
        var bucket = new TokenBucket(10, 10, TimeSpan.FromSeconds(1), _time);

        Assert.Equal(10, TakeAll(bucket));
        Assert.False(bucket.TryTake(out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);
    }

    [Fact]
    public void TryTake_AfterOneInterval_AllowsAFullFillAgain()
    {
        var bucket = new TokenBucket(10, 10, TimeSpan.FromSeconds(1), _time);
        TakeAll(bucket);

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(10, TakeAll(bucket));
    }

    [Fact]
    public void TryTake_HalfAnInterval_NoRefillAndRetryAfterIsTheRest()
    {
        var bucket = new TokenBucket(10, 10, TimeSpan.FromSeconds(1), _time);
        TakeAll(bucket);

        _time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.False(bucket.TryTake(out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(500), retryAfter);
    }

    [Fact]
    public void TryTake_PartialFill_AddsTokensPerFillOnly()
    {
        var bucket = new TokenBucket(10, 5, TimeSpan.FromSeconds(1), _time);
        TakeAll(bucket);

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(5, bucket.Remaining);
        Assert.Equal(5, TakeAll(bucket));
    }

    [Fact]
    public void Remaining_AfterLongIdle_NeverExceedsMax()
    {
        var bucket = new TokenBucket(10, 5, TimeSpan.FromSeconds(1), _time);
        bucket.TryTake(out _);

        _time.Advance(TimeSpan.FromDays(365));

        Assert.Equal(10, bucket.Remaining);
        Assert.Equal(10, TakeAll(bucket));
    }

    [Fact]
    public void UntilNextFill_StaysOnTheIntervalGrid()
    {
        // Refills happen at whole intervals since the bucket started, as Envoy's fill timer ticks.
        var bucket = new TokenBucket(10, 1, TimeSpan.FromSeconds(1), _time);
        _time.Advance(TimeSpan.FromMilliseconds(2_300));

        Assert.Equal(TimeSpan.FromMilliseconds(700), bucket.UntilNextFill);
    }

    [Fact]
    public void Remaining_TakesReduceIt_LimitIsMax()
    {
        var bucket = new TokenBucket(10, 10, TimeSpan.FromSeconds(1), _time);

        bucket.TryTake(out _);
        bucket.TryTake(out _);

        Assert.Equal(8, bucket.Remaining);
        Assert.Equal(10, bucket.Limit);
    }

    [Fact]
    public async Task TryTake_ConcurrentCallers_HandOutExactlyMax()
    {
        var bucket = new TokenBucket(1_000, 1, TimeSpan.FromSeconds(1), _time);
        var taken = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                if (bucket.TryTake(out _))
                {
                    Interlocked.Increment(ref taken);
                }
            }
        })));

        Assert.Equal(1_000, taken);
    }

    [Fact]
    public void Constructor_ZeroInterval_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(1, 1, TimeSpan.Zero, _time));

    private static int TakeAll(TokenBucket bucket)
    {
        var taken = 0;
        while (bucket.TryTake(out _))
        {
            taken++;
        }

        return taken;
    }
}

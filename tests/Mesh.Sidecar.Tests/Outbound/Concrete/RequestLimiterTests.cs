using Mesh.Sidecar.Outbound.Concrete;

namespace Mesh.Sidecar.Tests.Outbound.Concrete;

public sealed class RequestLimiterTests
{
    [Fact]
    public async Task TryEnterAsync_OneActiveOnePending_FirstEntersSecondWaitsThirdRefused()
    {
        var limiter = new RequestLimiter(maxActive: 1, maxPending: 1);

        var first = limiter.TryEnterAsync(CancellationToken.None).AsTask();
        var second = limiter.TryEnterAsync(CancellationToken.None).AsTask();
        var third = await limiter.TryEnterAsync(CancellationToken.None);

        // A free slot is granted synchronously; a full limiter queues the second and refuses the third.
        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
        Assert.Null(third);
        Assert.Equal((1, 1, 1L), (limiter.Active, limiter.Pending, limiter.Overflows));

        var firstLease = await first;
        Assert.NotNull(firstLease);
        firstLease.Dispose();
        using var secondLease = await second.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(secondLease);
        Assert.Equal((1, 0), (limiter.Active, limiter.Pending));
    }

    [Fact]
    public async Task TryEnterAsync_WaiterCancelled_ThrowsAndFreesItsPendingPlace()
    {
        var limiter = new RequestLimiter(maxActive: 1, maxPending: 1);
        using var held = await limiter.TryEnterAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var waiting = limiter.TryEnterAsync(cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
        Assert.Equal(0, limiter.Pending);
        var next = limiter.TryEnterAsync(CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted); // queued, not refused
        Assert.Equal(0, limiter.Overflows);

        held!.Dispose();
        using var nextLease = await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(nextLease);
    }

    [Fact]
    public async Task TryEnterAsync_AlreadyCancelled_Throws()
    {
        var limiter = new RequestLimiter(maxActive: 1, maxPending: 1);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await limiter.TryEnterAsync(new CancellationToken(canceled: true)));
        Assert.Equal(0, limiter.Active);
    }

    [Fact]
    public async Task TryEnterAsync_NoPending_RefusesAtOnceWhenFull()
    {
        var limiter = new RequestLimiter(maxActive: 1, maxPending: 0);
        using var held = await limiter.TryEnterAsync(CancellationToken.None);

        var refused = limiter.TryEnterAsync(CancellationToken.None).AsTask();

        Assert.True(refused.IsCompletedSuccessfully);
        Assert.Null(await refused);
        Assert.Equal(1, limiter.Overflows);
    }

    [Fact]
    public async Task Dispose_Waiters_AdmittedInArrivalOrder()
    {
        var limiter = new RequestLimiter(maxActive: 1, maxPending: null);
        var current = await limiter.TryEnterAsync(CancellationToken.None);
        var waiters = Enumerable.Range(0, 3).Select(_ => limiter.TryEnterAsync(CancellationToken.None).AsTask()).ToArray();

        foreach (var waiter in waiters)
        {
            current!.Dispose();

            // Times out (and fails) if the slot went to anyone but the oldest waiter.
            current = await waiter.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotNull(current);
            Assert.Equal(1, limiter.Active);
        }

        current!.Dispose();
        Assert.Equal(0, limiter.Active);
    }

    [Fact]
    public async Task Dispose_Twice_FreesOneSlotOnly()
    {
        var limiter = new RequestLimiter(maxActive: 2, maxPending: 0);
        var first = await limiter.TryEnterAsync(CancellationToken.None);
        using var second = await limiter.TryEnterAsync(CancellationToken.None);

        first!.Dispose();
        first.Dispose();

        Assert.Equal(1, limiter.Active);
    }

    [Fact]
    public async Task TryEnterAsync_Unlimited_NeverRefuses()
    {
        var limiter = new RequestLimiter(maxActive: null, maxPending: null);

        var leases = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(_ =>
            Task.Run(async () => await limiter.TryEnterAsync(CancellationToken.None))));

        Assert.All(leases, Assert.NotNull);
        Assert.Equal(1_000, limiter.Active);
        foreach (var lease in leases)
        {
            lease!.Dispose();
        }

        Assert.Equal(0, limiter.Active);
        Assert.Equal(0, limiter.Overflows);
    }

    [Fact]
    public async Task TryEnterAsync_ManyConcurrentCallers_NeverMoreThanMaxActive()
    {
        const int Max = 4;
        var limiter = new RequestLimiter(maxActive: Max, maxPending: null);
        var inside = 0;
        var peak = 0;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            using var lease = await limiter.TryEnterAsync(CancellationToken.None);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref peak, now);
            await Task.Yield();
            Interlocked.Decrement(ref inside);
        })));

        Assert.InRange(peak, 1, Max);
        Assert.Equal((0, 0, 0L), (limiter.Active, limiter.Pending, limiter.Overflows));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

using Mesh.Sidecar.Outbound.Concrete;

namespace Mesh.Sidecar.Tests.Outbound.Concrete;

public sealed class RetryBudgetTests
{
    [Theory]
    [InlineData(0, 3)]
    [InlineData(10, 3)]
    [InlineData(100, 20)]
    [InlineData(1_000, 200)]
    public void TryBeginRetry_NoFixedCap_AllowsMaxOfThreeAndTwentyPercent(int activeRequests, int allowed)
    {
        var budget = new RetryBudget(maxRetries: null);

        Assert.Equal(allowed, BeginAll(budget, activeRequests));
        Assert.Equal(1, budget.Overflows);
    }

    [Fact]
    public void TryBeginRetry_FixedCap_IgnoresActiveRequests()
    {
        var budget = new RetryBudget(maxRetries: 1);

        Assert.Equal(1, BeginAll(budget, activeRequests: 1_000));
    }

    [Fact]
    public void TryBeginRetry_FixedCapZero_RefusesEveryRetry()
    {
        var budget = new RetryBudget(maxRetries: 0);

        Assert.False(budget.TryBeginRetry(100));
        Assert.Equal(1, budget.Overflows);
    }

    [Fact]
    public void EndRetry_FreesAPlace()
    {
        var budget = new RetryBudget(maxRetries: 2);
        BeginAll(budget, 0);

        budget.EndRetry();

        Assert.Equal(1, budget.Active);
        Assert.True(budget.TryBeginRetry(0));
    }

    [Fact]
    public void EndRetry_WithoutBegin_Throws()
    {
        var budget = new RetryBudget(maxRetries: null);

        Assert.Throws<InvalidOperationException>(budget.EndRetry);
        Assert.Equal(0, budget.Active);
    }

    [Fact]
    public async Task TryBeginRetry_ParallelBeginAndEnd_NeverExceedsCapOrGoesNegative()
    {
        const int Cap = 5;
        var budget = new RetryBudget(maxRetries: Cap);
        var violations = 0;
        var granted = 0L;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                if (!budget.TryBeginRetry(0))
                {
                    continue;
                }

                Interlocked.Increment(ref granted);
                if (budget.Active is < 1 or > Cap)
                {
                    Interlocked.Increment(ref violations);
                }

                budget.EndRetry();
            }
        })));

        Assert.Equal(0, violations);
        Assert.Equal(0, budget.Active);
        Assert.Equal(8 * 20_000, granted + budget.Overflows);
    }

    private static int BeginAll(RetryBudget budget, int activeRequests)
    {
        var begun = 0;
        while (budget.TryBeginRetry(activeRequests))
        {
            begun++;
        }

        return begun;
    }
}

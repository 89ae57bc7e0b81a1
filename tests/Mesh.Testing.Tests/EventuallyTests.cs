namespace Mesh.Testing.Tests;

public sealed class EventuallyTests
{
    [Fact]
    public async Task WaitUntilAsync_ConditionHoldsOnTheThirdPoll_Returns()
    {
        var polls = 0;

        await Eventually.WaitUntilAsync(() => ++polls == 3, "the third poll");

        Assert.Equal(3, polls);
    }

    [Fact]
    public async Task WaitUntilAsync_ConditionNeverHolds_ThrowsNamingIt()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.WaitUntilAsync(() => false, "pigs fly", TimeSpan.FromMilliseconds(100)));

        Assert.Equal("Timed out waiting until pigs fly.", error.Message);
    }

    [Fact]
    public async Task WaitUntilAsync_WithTokenServerNotUpYet_KeepsPolling()
    {
        using var cancel = new CancellationTokenSource(Eventually.DefaultTimeout);
        var polls = 0;

        await Eventually.WaitUntilAsync(
            () => ++polls < 3 ? throw new HttpRequestException("connection refused") : Task.FromResult(true),
            cancel.Token,
            TimeSpan.FromMilliseconds(1));

        Assert.Equal(3, polls);
    }

    [Fact]
    public async Task WaitUntilAsync_WithTokenCancelled_Throws()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.WaitUntilAsync(() => Task.FromResult(false), cancel.Token));
    }

    [Fact]
    public async Task WaitUntilAsync_WithTokenOtherException_Propagates() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Eventually.WaitUntilAsync(() => throw new InvalidOperationException("a bug, not a slow server"), CancellationToken.None));
}

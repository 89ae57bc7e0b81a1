using Mesh.Bench.Startup;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Bench.Tests.Startup;

public sealed class ReadinessTimingTests
{
    [Fact]
    public async Task MeasureAsync_TimesListeningFromStartAndReadinessFromTheFirstAnswer()
    {
        var time = new FakeTimeProvider();
        var started = time.GetTimestamp();
        long? answered = null;
        // Each probe is one millisecond of the fake clock: it accepts at 30 ms; the control plane answers at 42 ms;
        // it is ready at 47 ms.
        Task<bool> Accepting(CancellationToken _) => Step(time, () => Now(time, started) >= 30);
        Task<bool> Ready(CancellationToken _) => Step(time, () =>
        {
            if (Now(time, started) == 42)
            {
                answered = time.GetTimestamp();
            }

            return Now(time, started) >= 47;
        });

        var start = await ReadinessTiming.MeasureAsync(time, started, Accepting, Ready, () => answered, TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(30, start.ListeningMs);
        Assert.Equal(47, start.ReadyMs);
        Assert.Equal(5, start.ReadyAfterAnswerMs);
    }

    [Fact]
    public async Task MeasureAsync_NoAnswerSeen_LeavesReadyAfterAnswerOut()
    {
        var time = new FakeTimeProvider();

        var start = await ReadinessTiming.MeasureAsync(time, time.GetTimestamp(), _ => Task.FromResult(true), _ => Task.FromResult(true),
            () => null, TimeSpan.Zero, CancellationToken.None);

        Assert.Null(start.ReadyAfterAnswerMs);
        Assert.Equal(0, start.ReadyMs);
    }

    [Fact]
    public async Task MeasureAsync_NeverReady_StopsWhenCancelled()
    {
        var time = new FakeTimeProvider();
        using var cancel = new CancellationTokenSource();
        var probes = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReadinessTiming.MeasureAsync(time, time.GetTimestamp(),
            _ => Task.FromResult(true),
            _ =>
            {
                if (++probes == 3)
                {
                    cancel.Cancel();
                }

                return Task.FromResult(false);
            },
            () => null, TimeSpan.Zero, cancel.Token));
    }

    private static double Now(FakeTimeProvider time, long started) => time.GetElapsedTime(started).TotalMilliseconds;

    private static Task<bool> Step(FakeTimeProvider time, Func<bool> condition)
    {
        var result = condition();
        if (!result)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        return Task.FromResult(result);
    }
}

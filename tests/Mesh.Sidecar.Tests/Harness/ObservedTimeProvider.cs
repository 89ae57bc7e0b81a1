using System.Threading.Channels;
using Mesh.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sidecar.Tests.Harness;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells each timer's due time as the code under test starts it. A delay on a fake
/// clock resumes on the thread pool after <see cref="FakeTimeProvider.Advance(TimeSpan)"/> returns, so a test that
/// advances only once the next timer exists moves time exactly from one wait to the next.
/// </summary>
internal sealed class ObservedTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits until the next timer is started; returns its due time.</summary>
    public async Task<TimeSpan> NextTimerAsync()
    {
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        return await _timers.Reader.ReadAsync(deadline.Token);
    }

    /// <summary>Lets each of the next <paramref name="count"/> timers run out as soon as it starts; returns their due times.</summary>
    public async Task<IReadOnlyList<TimeSpan>> RunTimersAsync(int count)
    {
        var waits = new List<TimeSpan>();
        for (var i = 0; i < count; i++)
        {
            var due = await NextTimerAsync();
            waits.Add(due);
            Advance(due);
        }

        return waits;
    }
}

using System.Diagnostics;

namespace Mesh.Bench.Load;

/// <summary>
/// wrk2's constant-throughput load: request <c>i</c> is due at <c>start + i / rate</c> and is sent then, whether
/// or not earlier ones have answered, and its latency runs from that scheduled time. A stall therefore shows
/// as the latency every request queued behind it saw (no coordinated omission), and a generator that falls
/// behind shows as send lag.
/// </summary>
internal static class OpenLoop
{
    public static async Task<LoadResult> RunAsync(LoadTarget target, double rate, TimeSpan warmup, TimeSpan duration, Func<long, long, Task>? monitor = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        var connections = LoadClient.ConnectionsFor(rate);
        using var client = target.Open(connections);
        var latency = new LatencyRecorder();
        var lag = new LatencyRecorder();
        var errors = new RunErrors();
        var pending = new Pending();

        var interval = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 50;
        var measureStart = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureStart + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var total = (long)Math.Round((warmup + duration).TotalSeconds * rate);
        var monitoring = monitor?.Invoke(measureStart, end) ?? Task.CompletedTask;

        var pacer = new Thread(() =>
        {
            for (long i = 0; i < total; i++)
            {
                var scheduled = start + (long)(i * interval);
                Pacer.SleepUntil(scheduled);
                var measured = scheduled >= measureStart;
                if (measured)
                {
                    lag.Record(Microseconds(Stopwatch.GetTimestamp() - scheduled));
                }

                pending.Add();
                _ = SendAsync(client, scheduled, measured, latency, errors, pending);
            }

            pending.Done();
        })
        {
            IsBackground = true,
            Name = "open-loop pacer",
            Priority = ThreadPriority.AboveNormal,
        };
        pacer.Start();

        await pending.AllDone;
        await monitoring;
        var achieved = latency.Count / duration.TotalSeconds;
        return new LoadResult(rate, achieved, latency.Count, errors.Count, errors.First, latency.Read(), lag.Read(), connections);
    }

    private static async Task SendAsync(ILoadSender client, long scheduled, bool measured, LatencyRecorder latency,
        RunErrors errors, Pending pending)
    {
        try
        {
            var ok = await client.SendAsync(errors);
            if (ok && measured)
            {
                latency.Record(Microseconds(Stopwatch.GetTimestamp() - scheduled));
            }
        }
        finally
        {
            pending.Remove();
        }
    }

    internal static long Microseconds(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;

    /// <summary>Requests in flight; completes once the pacer is done and every request has finished.</summary>
    private sealed class Pending
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _count = 1;

        public Task AllDone => _done.Task;

        public void Add() => Interlocked.Increment(ref _count);

        public void Remove()
        {
            if (Interlocked.Decrement(ref _count) == 0)
            {
                _done.TrySetResult();
            }
        }

        public void Done() => Remove();
    }
}

using System.Diagnostics;

namespace Mesh.Bench.Load;

/// <summary>
/// Maximum throughput: <c>connections</c> workers, each sending its next request as soon as the previous one
/// has answered, over as many keep-alive connections. Latency here is from the actual send (a closed loop
/// cannot be coordinated-omission free); the figure that matters is requests per second.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LoadResult> RunAsync(LoadTarget target, int connections, TimeSpan warmup, TimeSpan duration, Func<long, long, Task>? monitor = null)
    {
        using var client = target.Open(connections);
        var latency = new LatencyRecorder();
        var errors = new RunErrors();
        var start = Stopwatch.GetTimestamp();
        var measureStart = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureStart + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var monitoring = monitor?.Invoke(measureStart, end) ?? Task.CompletedTask;

        var workers = new Task[connections];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(async () =>
            {
                while (true)
                {
                    var sent = Stopwatch.GetTimestamp();
                    if (sent >= end)
                    {
                        return;
                    }

                    var ok = await client.SendAsync(errors);
                    var done = Stopwatch.GetTimestamp();
                    if (ok && done >= measureStart && done < end)
                    {
                        latency.Record(OpenLoop.Microseconds(done - sent));
                    }
                }
            });
        }

        await Task.WhenAll(workers);
        await monitoring;
        return new LoadResult(0, latency.Count / duration.TotalSeconds, latency.Count, errors.Count, errors.First, latency.Read(), null, connections);
    }
}

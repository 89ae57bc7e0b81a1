using System.Diagnostics;

namespace Mesh.Bench.Measurement;

/// <summary>A process's use of CPU and memory over one measured window.</summary>
/// <param name="Process">Its name in the topology, e.g. <c>client-sidecar</c>.</param>
/// <param name="CpuSeconds">CPU time (user + system) it used in the window.</param>
/// <param name="RssMiB">Its largest resident set sampled in the window (every 100 ms).</param>
/// <param name="HwmMiB">Its peak resident set since it started (VmHWM), read at the window's end.</param>
/// <param name="SystemCpuSeconds">The kernel's part of <paramref name="CpuSeconds"/> (syscalls, wake-ups).</param>
internal sealed record ResourceUse(string Process, double CpuSeconds, double RssMiB, double HwmMiB, double SystemCpuSeconds)
{
    /// <summary>CPU seconds per 1000 requests, which is also CPU cores per 1000 requests per second.</summary>
    public double CpuPer1000(long requests) => requests == 0 ? 0 : CpuSeconds / requests * 1000;
}

/// <summary>Samples a set of processes over a measured window (from <c>/proc</c>; nothing on other systems).</summary>
internal sealed class ResourceMonitor(IReadOnlyList<(string Name, int Pid)> processes)
{
    private static readonly TimeSpan s_sampleEvery = TimeSpan.FromMilliseconds(100);

    /// <summary>The last window's figures, in the order of the processes given.</summary>
    public IReadOnlyList<ResourceUse> Last { get; private set; } = [];

    /// <summary>Waits for <paramref name="start"/>, samples until <paramref name="end"/> (Stopwatch timestamps).</summary>
    public async Task WatchAsync(long start, long end)
    {
        if (!ProcStats.IsSupported)
        {
            Last = [];
            return;
        }

        await DelayUntil(start);
        var before = processes.Select(p => ProcStats.ReadTree(p.Pid)).ToArray();
        var maxRss = before.Select(s => s.RssKiB).ToArray();
        while (Stopwatch.GetTimestamp() < end)
        {
            await DelayUntil(Math.Min(end, Stopwatch.GetTimestamp() + (long)(s_sampleEvery.TotalSeconds * Stopwatch.Frequency)));
            for (var i = 0; i < processes.Count; i++)
            {
                maxRss[i] = Math.Max(maxRss[i], ProcStats.ReadTree(processes[i].Pid).RssKiB);
            }
        }

        var after = processes.Select(p => ProcStats.ReadTree(p.Pid)).ToArray();
        var uses = new ResourceUse[processes.Count];
        for (var i = 0; i < uses.Length; i++)
        {
            uses[i] = new ResourceUse(processes[i].Name, after[i].CpuSeconds - before[i].CpuSeconds,
                Math.Max(maxRss[i], after[i].RssKiB) / 1024.0, after[i].HwmKiB / 1024.0, after[i].SystemSeconds - before[i].SystemSeconds);
        }

        Last = uses;
    }

    private static Task DelayUntil(long timestamp)
    {
        var remaining = timestamp - Stopwatch.GetTimestamp();
        return remaining <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency));
    }
}

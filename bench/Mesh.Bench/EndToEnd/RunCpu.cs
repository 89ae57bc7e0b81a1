using System.Collections.Concurrent;
using System.Diagnostics;
using Mesh.Bench.AppHosts;
using Mesh.Bench.Measurement;
using Mesh.Bench.Startup;

namespace Mesh.Bench.EndToEnd;

/// <summary>CPU one process (or group of processes of the same name) of a run spent in the measured window.</summary>
/// <param name="Name">The resource it serves (Aspire's resource name), or the program's short name.</param>
/// <param name="MsPerRequest">CPU milliseconds (user + system) per request answered in the window.</param>
internal sealed record ProcessCpu(string Name, double MsPerRequest);

/// <summary>
/// Where a closed-loop window's CPU goes: every process of the AppHost run (DCP, the dashboard, apps, sidecars, the
/// control plane, the AppHost) and the load generator itself, read from <c>/proc</c> at the window's start and end.
/// On two shared cores a closed loop's throughput is the inverse of the CPU all of them spend per request, so this
/// says which process the mesh's cost falls on.
/// </summary>
internal static class RunCpu
{
    public const string LoadGenerator = "load generator";

    /// <summary>A monitor for <see cref="Load.ClosedLoop"/>: reads at the window's start and end into <paramref name="into"/>.</summary>
    public static Func<long, long, Task> Monitor(AppHostRun run, string appHostName, Dictionary<string, double> into) => async (start, end) =>
    {
        await Task.Delay(Until(start));
        var before = ReadWithLoadGenerator(run, appHostName);
        await Task.Delay(Until(end));
        var after = ReadWithLoadGenerator(run, appHostName);
        foreach (var (key, seconds) in after)
        {
            // One that started in the window counts whole; one that ended in it is missed (none does while measuring).
            var spent = seconds - before.GetValueOrDefault(key);
            var name = key.Name;
            into[name] = into.GetValueOrDefault(name) + spent;
        }
    };

    /// <summary>Per process name, CPU ms per request, largest first.</summary>
    public static IReadOnlyList<ProcessCpu> PerRequest(IReadOnlyDictionary<string, double> seconds, long requests) =>
        requests <= 0
            ? []
            : [.. seconds.Where(s => s.Value > 0).OrderByDescending(s => s.Value).Select(s => new ProcessCpu(s.Key, s.Value * 1000 / requests))];

    private static TimeSpan Until(long timestamp)
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>
    /// CPU seconds each resource (processes of the same name summed) has spent since it started, for the run's processes
    /// still running, among those the run's last <see cref="AppHostRun.Scan"/> found (this one does not scan: a scan
    /// hands each new process to its caller once).
    /// </summary>
    public static Dictionary<string, double> ByName(AppHostRun run, string appHostName)
    {
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, seconds) in Read(run, appHostName))
        {
            byName[key.Name] = byName.GetValueOrDefault(key.Name) + seconds;
        }

        return byName;
    }

    private readonly record struct Key(int Pid, long StartTicks, string Name);

    private static Dictionary<Key, double> Read(AppHostRun run, string appHostName)
    {
        var seconds = new Dictionary<Key, double>();
        foreach (var process in run.Members)
        {
            // A process that is gone reads as zeros (and a reused pid is another process): neither is counted.
            if (ProcessTable.Read(process.Pid)?.StartTicks == process.StartTicks && ProcStats.Read(process.Pid) is { RssKiB: > 0 } sample)
            {
                seconds[new Key(process.Pid, process.StartTicks, NameOf(process, run, appHostName))] = sample.CpuSeconds;
            }
        }

        return seconds;
    }

    // The window's readings: a scan first (processes started since the last one), then the run's and the generator's own.
    private static Dictionary<Key, double> ReadWithLoadGenerator(AppHostRun run, string appHostName)
    {
        run.Scan();
        var seconds = Read(run, appHostName);
        seconds[new Key(Environment.ProcessId, 0, LoadGenerator)] = ProcStats.Read(Environment.ProcessId).CpuSeconds;
        return seconds;
    }

    // A process named as a resource keeps its name: its environment is read once, not at every reading (the start-up
    // timeline reads four times a second while the machine is at its busiest).
    private static readonly ConcurrentDictionary<(int Pid, long StartTicks), string> s_names = new();

    private static string NameOf(ProcessEntry process, AppHostRun run, string appHostName)
    {
        if (s_names.TryGetValue((process.Pid, process.StartTicks), out var known))
        {
            return known;
        }

        // Not cached otherwise: a process seen between its fork and its exec still carries its parent's command line.
        if (ResourceIdentity.Of(process, ProcessTable.Environment(process.Pid), run.Root.Id, appHostName) is not { } identity)
        {
            return ProcessNames.Short(process.CommandLine);
        }

        return s_names[(process.Pid, process.StartTicks)] = identity.Name;
    }
}

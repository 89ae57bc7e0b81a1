using System.Globalization;
using Mesh.Bench.Load;
using Mesh.Bench.Measurement;
using Mesh.Bench.Reporting;
using Mesh.Bench.Topology;

namespace Mesh.Bench;

/// <summary>
/// Runs the matrix: every path at every rate, in an order that rotates with each repetition so no path is
/// always measured first (or right after the heaviest one), then the closed-loop runs; and reduces it.
/// </summary>
internal sealed class Benchmark(BenchSettings settings, BenchTopology topology, MachineInfo machine, TextWriter log)
{
    public async Task<BenchResults> RunAsync()
    {
        var paths = topology.Paths.Where(p => settings.Paths.Contains(BenchPath.BaseOf(p.Name))).ToList();
        var runs = new List<RunRecord>();
        var idle = await IdleMemoryAsync();

        foreach (var path in paths)
        {
            log.WriteLine($"Warming up {path.Name} ({settings.InitialWarmup.TotalSeconds:0.#} s closed loop, discarded)");
            await ClosedLoop.RunAsync(path.Load, settings.Connections, TimeSpan.Zero, settings.InitialWarmup);
        }

        for (var rep = 0; rep < settings.Repetitions; rep++)
        {
            var order = Rotate(paths, rep);
            foreach (var rate in settings.Rates)
            {
                foreach (var path in order)
                {
                    var monitor = Monitor(path);
                    var load = await OpenLoop.RunAsync(path.Load, rate, settings.Warmup, settings.Duration, monitor.WatchAsync);
                    runs.Add(Record(path, "rate", rate, rep, load, monitor));
                    Report(rep, path, FormattableString.Invariant($"{rate:0} req/s"), load);
                }
            }

            if (settings.MaxThroughput)
            {
                foreach (var path in order)
                {
                    var monitor = Monitor(path);
                    var load = await ClosedLoop.RunAsync(path.Load, settings.Connections, settings.Warmup, settings.MaxDuration, monitor.WatchAsync);
                    runs.Add(Record(path, "max", 0, rep, load, monitor));
                    Report(rep, path, FormattableString.Invariant($"max ({settings.Connections} conn)"), load);
                }
            }
        }

        // Checked before the first run too (the topology is not up until it passes); again here, so a row whose hop
        // stopped being mutual TLS while it was measured is not reported as if it were.
        foreach (var name in topology.MutualTlsPaths.Where(name => paths.Any(p => p.Name == name)))
        {
            log.WriteLine($"{name}: still mutual TLS after the runs. {await topology.VerifyMutualTlsAsync(name, CancellationToken.None)}");
        }

        var names = paths.Select(p => p.Name).ToList();
        var rates = Summaries.Rates(runs, names, settings.Rates);
        var max = Summaries.Max(runs, names);
        return new BenchResults(settings.Label, DateTimeOffset.UtcNow, machine,
            BenchSettingsView.From(settings, names, BodyBytes), runs, rates, max, Summaries.Added(rates),
            MachineInfo.ReadLoadAverage(), Summaries.MutualTls(rates, max), idle, Summaries.LargestRss(runs, topology.ControlPlane.Name));
    }

    /// <summary>
    /// How long the topology sits without traffic before idle memory is read: a sidecar gives back what traffic grew
    /// after 10 s without a request, looking every 2 s (Mesh.Sidecar's <c>IdleMemoryTrim</c>); 15 s covers that.
    /// </summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Every proxy's and the control plane's resident memory idle: started, joined, configured (the topology is up only
    /// once every path has answered through its proxies), then <see cref="IdleAfter"/> without traffic, as a sidecar
    /// sits beside an app nobody is calling at the moment.
    /// </summary>
    private async Task<IReadOnlyList<ProcessMemory>> IdleMemoryAsync()
    {
        if (!ProcStats.IsSupported)
        {
            return [];
        }

        log.WriteLine($"Idle memory: read after {IdleAfter.TotalSeconds:0} s without traffic");
        await Task.Delay(IdleAfter);
        var processes = topology.Paths.SelectMany(p => p.Proxies).Append(topology.ControlPlane).DistinctBy(p => p.Id);
        return [.. processes.Select(p => new ProcessMemory(p.Name, ProcStats.ReadTree(p.Id).RssKiB / 1024.0))];
    }

    public const int BodyBytes = 1024;

    private ResourceMonitor Monitor(BenchPath path)
    {
        var processes = new List<(string, int)>();
        processes.AddRange(path.Proxies.Select(p => (p.Name, p.Id)));
        processes.Add((topology.Backend.Name, topology.Backend.Id));
        processes.Add((topology.ControlPlane.Name, topology.ControlPlane.Id));
        processes.Add((Summaries.LoadGenerator, Environment.ProcessId));
        return new ResourceMonitor(processes);
    }

    private static RunRecord Record(BenchPath path, string mode, double rate, int rep, LoadResult load, ResourceMonitor monitor)
    {
        var uses = monitor.Last;
        var proxies = uses.Take(path.Proxies.Count).ToList();
        var others = uses.Skip(path.Proxies.Count).ToList();
        return new RunRecord(path.Name, mode, rate, rep + 1, load, proxies, others);
    }

    private void Report(int rep, BenchPath path, string what, LoadResult load)
    {
        var l = load.Latency;
        var errors = load.Errors == 0 ? "0 errors" : $"{load.Errors} ERRORS (first: {load.FirstError})";
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rep {rep + 1}/{settings.Repetitions} {what,-16} {path.Name,-8} p50 {l.P50:0.000} p90 {l.P90:0.000} p99 {l.P99:0.000} p99.9 {l.P999:0.000} max {l.Max:0.000} ms; {load.AchievedRate:0.0} req/s; {errors}"));
    }

    internal static List<T> Rotate<T>(IReadOnlyList<T> items, int by) =>
        [.. items.Skip(by % items.Count), .. items.Take(by % items.Count)];
}

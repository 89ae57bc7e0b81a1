using Mesh.Bench.Load;
using Mesh.Bench.Measurement;
using Mesh.Bench.Topology;

namespace Mesh.Bench.Reporting;

/// <summary>Reduces the runs to medians across repetitions, added latency and throughput ratios.</summary>
internal static class Summaries
{
    public const string LoadGenerator = "load-generator";

    public static IReadOnlyList<RateSummary> Rates(IReadOnlyList<RunRecord> runs, IReadOnlyList<string> paths, IReadOnlyList<double> rates)
    {
        var summaries = new List<RateSummary>();
        foreach (var rate in rates)
        {
            foreach (var path in paths)
            {
                var group = runs.Where(r => r.Mode == "rate" && r.Path == path && r.TargetRate == rate).ToList();
                if (group.Count == 0)
                {
                    continue;
                }

                summaries.Add(new RateSummary(path, rate,
                    Median(group.Select(r => r.Load.AchievedRate)),
                    group.Sum(r => r.Load.Errors),
                    MedianOf(group.Select(r => r.Load.Latency)),
                    MedianOf(group.Select(r => r.Load.SendLag!)),
                    Proxies(group),
                    ClientCpu(group)));
            }
        }

        return summaries;
    }

    public static IReadOnlyList<MaxSummary> Max(IReadOnlyList<RunRecord> runs, IReadOnlyList<string> paths)
    {
        var medians = new List<(string Path, double Rps, List<RunRecord> Group)>();
        foreach (var path in paths)
        {
            var group = runs.Where(r => r.Mode == "max" && r.Path == path).ToList();
            if (group.Count > 0)
            {
                medians.Add((path, Median(group.Select(r => r.Load.AchievedRate)), group));
            }
        }

        double? Of(string path) => medians.Where(m => m.Path == path).Select(m => (double?)m.Rps).FirstOrDefault();
        var nginx = Of(BenchPath.Nginx);
        // A gRPC path is compared with gRPC direct; nginx carries only the HTTP paths' requests.
        return [.. medians.Select(m => new MaxSummary(m.Path, m.Rps,
            Of(BenchPath.BaselineOf(m.Path)) is > 0 and var direct ? m.Rps / direct : null,
            nginx is > 0 && !BenchPath.IsGrpc(m.Path) ? m.Rps / nginx : null,
            m.Group.Sum(r => r.Load.Errors),
            MedianOf(m.Group.Select(r => r.Load.Latency)),
            Proxies(m.Group),
            ClientCpu(m.Group)))];
    }

    public static IReadOnlyList<AddedLatency> Added(IReadOnlyList<RateSummary> rates)
    {
        var added = new List<AddedLatency>();
        foreach (var summary in rates.Where(s => s.Path != BenchPath.BaselineOf(s.Path)))
        {
            var direct = rates.FirstOrDefault(s => s.Path == BenchPath.BaselineOf(summary.Path) && s.Rate == summary.Rate);
            if (direct is null)
            {
                continue;
            }

            added.Add(new AddedLatency(summary.Path, summary.Rate,
                summary.Latency.P50 - direct.Latency.P50,
                summary.Latency.P90 - direct.Latency.P90,
                summary.Latency.P99 - direct.Latency.P99,
                summary.Latency.P999 - direct.Latency.P999));
        }

        return added;
    }

    /// <summary>The mtls path against the plain mesh path, or null unless both were measured.</summary>
    public static MutualTlsCost? MutualTls(IReadOnlyList<RateSummary> rates, IReadOnlyList<MaxSummary> max)
    {
        var added = new List<MutualTlsAdded>();
        foreach (var mtls in rates.Where(s => s.Path == BenchPath.Mtls))
        {
            var mesh = rates.FirstOrDefault(s => s.Path == BenchPath.Mesh && s.Rate == mtls.Rate);
            if (mesh is null)
            {
                continue;
            }

            added.Add(new MutualTlsAdded(mtls.Rate,
                mtls.Latency.P50 - mesh.Latency.P50,
                mtls.Latency.P90 - mesh.Latency.P90,
                mtls.Latency.P99 - mesh.Latency.P99,
                mtls.Latency.P999 - mesh.Latency.P999,
                mesh.Proxies.Sum(p => p.CpuPer1000),
                mtls.Proxies.Sum(p => p.CpuPer1000)));
        }

        var meshMax = max.FirstOrDefault(m => m.Path == BenchPath.Mesh)?.RequestsPerSecond;
        var mtlsMax = max.FirstOrDefault(m => m.Path == BenchPath.Mtls)?.RequestsPerSecond;
        if (added.Count == 0 && (meshMax is null || mtlsMax is null))
        {
            return null;
        }

        return new MutualTlsCost(added, meshMax, mtlsMax, meshMax is > 0 && mtlsMax is { } m ? m / meshMax : null);
    }

    /// <summary>The largest resident set <paramref name="process"/> had in any run (null when it was never sampled).</summary>
    public static double? LargestRss(IReadOnlyList<RunRecord> runs, string process)
    {
        var samples = runs.SelectMany(r => r.Others).Where(o => o.Process == process).Select(o => o.RssMiB).ToList();
        return samples.Count == 0 ? null : samples.Max();
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    internal static Percentiles MedianOf(IEnumerable<Percentiles> values)
    {
        var list = values.ToList();
        return new Percentiles(
            Median(list.Select(p => p.P50)),
            Median(list.Select(p => p.P90)),
            Median(list.Select(p => p.P99)),
            Median(list.Select(p => p.P999)),
            Median(list.Select(p => p.Max)));
    }

    private static List<ProxySummary> Proxies(List<RunRecord> group)
    {
        var names = group[0].Proxies.Select(p => p.Process).ToList();
        return [.. names.Select(name =>
        {
            var uses = group.Select(r => (Run: r, Use: r.Proxies.First(p => p.Process == name))).ToList();
            return new ProxySummary(name,
                Median(uses.Select(u => u.Use.CpuPer1000(u.Run.Load.Requests))),
                Median(uses.Select(u => u.Use.RssMiB)),
                Median(uses.Select(u => u.Use.HwmMiB)),
                Median(uses.Select(u => u.Use.CpuSeconds > 0 ? u.Use.SystemCpuSeconds / u.Use.CpuSeconds : 0)));
        })];
    }

    private static double ClientCpu(List<RunRecord> group) => Median(group.Select(r =>
        r.Others.FirstOrDefault(o => o.Process == LoadGenerator)?.CpuPer1000(r.Load.Requests) ?? 0));
}

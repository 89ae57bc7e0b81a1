using System.Globalization;
using Mesh.Bench.Topology;

namespace Mesh.Bench.Reporting;

/// <summary>One of the data plane's targets, judged on one run: what it asks, what was measured, whether it held.</summary>
internal sealed record TargetVerdict(string Target, string Measured, bool? Met)
{
    public string Verdict => Met switch { true => "met", false => "not met", null => "not measured" };
}

/// <summary>
/// The data plane's targets (issue 12; Istio's published Envoy figures are the anchor): memory and CPU per sidecar on
/// the mutual-TLS path at 1000 req/s, idle memory, the control plane's memory, maximum throughput against nginx's
/// two hops, and the latency mutual TLS and the mesh add at 1000 req/s. A target holds when it holds in the median of
/// three runs; each run reports its own verdicts.
/// </summary>
internal static class Targets
{
    public const double Rate = 1000;
    public const double BusySidecarRssMiB = 50;
    public const double IdleSidecarRssMiB = 40;
    public const double ControlPlaneRssMiB = 60;
    public const double CoresPer1000 = 0.2;
    public const double MeshToNginx = 0.8;
    public const double MutualTlsToNginx = 0.7;
    public const double MutualTlsAddedP50Ms = 0.5;
    public const double MutualTlsAddedP99Ms = 1.0;
    public const double MutualTlsOverPlainP50Ms = 0.1;

    public static IReadOnlyList<TargetVerdict> Judge(BenchResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var verdicts = new List<TargetVerdict>();
        var mtls = results.Rates.FirstOrDefault(r => r.Path == BenchPath.Mtls && r.Rate == Rate);

        verdicts.Add(AtMost($"each sidecar ≤ {BusySidecarRssMiB:0} MiB resident at {Rate:0} req/s (mTLS path)",
            mtls?.Proxies.Select(p => (p.Process, p.RssMiB)), BusySidecarRssMiB, "MiB", "0.0"));
        verdicts.Add(IdleSidecars(results));
        verdicts.Add(AtMost($"control plane ≤ {ControlPlaneRssMiB:0} MiB resident (largest in any run)",
            results.ControlPlaneRssMiB is { } cp ? [("control plane", cp)] : null, ControlPlaneRssMiB, "MiB", "0.0"));
        verdicts.Add(AtMost($"each sidecar ≤ {CoresPer1000:0.0#} cores per 1000 req/s at {Rate:0} req/s (mTLS path)",
            mtls?.Proxies.Select(p => (p.Process, p.CpuPer1000)), CoresPer1000, "", "0.000"));

        verdicts.Add(ThroughputRatio(results, BenchPath.Mesh, MeshToNginx));
        verdicts.Add(ThroughputRatio(results, BenchPath.Mtls, MutualTlsToNginx));

        var added = results.Added.FirstOrDefault(a => a.Path == BenchPath.Mtls && a.Rate == Rate);
        verdicts.Add(new TargetVerdict($"mTLS path adds ≤ {MutualTlsAddedP50Ms:0.0} ms at p50 over direct at {Rate:0} req/s",
            added is null ? "-" : $"{Ms(added.P50)} ms", added is null ? null : added.P50 <= MutualTlsAddedP50Ms));
        verdicts.Add(new TargetVerdict($"mTLS path adds ≤ {MutualTlsAddedP99Ms:0.0} ms at p99 over direct at {Rate:0} req/s",
            added is null ? "-" : $"{Ms(added.P99)} ms", added is null ? null : added.P99 <= MutualTlsAddedP99Ms));
        var overPlain = results.MutualTls?.Rates.FirstOrDefault(r => r.Rate == Rate);
        verdicts.Add(new TargetVerdict($"mTLS adds ≤ {MutualTlsOverPlainP50Ms:0.0} ms at p50 over the plain mesh path at {Rate:0} req/s",
            overPlain is null ? "-" : $"{Ms(overPlain.P50)} ms", overPlain is null ? null : overPlain.P50 <= MutualTlsOverPlainP50Ms));
        return verdicts;
    }

    private static TargetVerdict AtMost(string target, IEnumerable<(string Process, double Value)>? values, double limit, string unit, string format)
    {
        var list = values?.ToList() ?? [];
        if (list.Count == 0)
        {
            return new TargetVerdict(target, "-", null);
        }

        var measured = string.Join(", ", list.Select(v => $"{v.Process} {v.Value.ToString(format, CultureInfo.InvariantCulture)}{(unit.Length == 0 ? "" : " " + unit)}"));
        return new TargetVerdict(target, measured, list.All(v => v.Value <= limit));
    }

    // The build under test's sidecars: its own pairs and the route-table pair (the same build). A --variant pair is another
    // build or other settings, there to compare with: listed, not judged.
    private static TargetVerdict IdleSidecars(BenchResults results)
    {
        var target = $"each sidecar ≤ {IdleSidecarRssMiB:0} MiB resident idle (started, joined, {Benchmark.IdleAfter.TotalSeconds:0} s without traffic)";
        var sidecars = results.Idle?.Where(i => i.Process.EndsWith("-sidecar", StringComparison.Ordinal)).ToList();
        var others = results.Rates.Select(r => r.Path).Concat(results.Max.Select(m => m.Path))
            .Select(BenchPath.VariantOf).OfType<string>().Where(v => v != RouteTableVariant.Name).Distinct().ToList();
        bool OfOther(ProcessMemory sidecar) => others.Any(v => sidecar.Process.EndsWith($"-{v}-sidecar", StringComparison.Ordinal));
        var verdict = AtMost(target, sidecars?.Where(s => !OfOther(s)).Select(s => (s.Process, s.RssMiB)), IdleSidecarRssMiB, "MiB", "0.0");
        var compared = sidecars?.Where(OfOther).ToList() ?? [];
        return compared.Count == 0 ? verdict : verdict with
        {
            Measured = verdict.Measured + "; not judged (another build or settings): "
                + string.Join(", ", compared.Select(s => $"{s.Process} {s.RssMiB.ToString("0.0", CultureInfo.InvariantCulture)} MiB")),
        };
    }

    private static TargetVerdict ThroughputRatio(BenchResults results, string path, double ratio)
    {
        var target = $"{BenchPath.TitleOf(path)} maximum throughput ≥ {ratio:0.0}× nginx's two hops";
        var max = results.Max.FirstOrDefault(m => m.Path == path);
        var nginx = results.Max.FirstOrDefault(m => m.Path == BenchPath.Nginx);
        if (max is null || nginx is not { RequestsPerSecond: > 0 })
        {
            return new TargetVerdict(target, "-", null);
        }

        var measured = max.RequestsPerSecond / nginx.RequestsPerSecond;
        return new TargetVerdict(target, string.Create(CultureInfo.InvariantCulture, $"{measured:0.00}× ({max.RequestsPerSecond:0} vs {nginx.RequestsPerSecond:0} req/s)"), measured >= ratio);
    }

    private static string Ms(double value) => value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
}

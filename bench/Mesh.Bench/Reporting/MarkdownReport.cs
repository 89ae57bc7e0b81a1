using System.Globalization;
using System.Text;
using Mesh.Bench.Topology;

namespace Mesh.Bench.Reporting;

/// <summary>Writes latest.md: the headline (added latency, throughput ratios, targets), then the full tables.</summary>
internal static class MarkdownReport
{
    // The rate the headline quotes: the one the targets name (Reporting/Targets).
    public const double TargetRate = Targets.Rate;

    public static string Write(BenchResults results, string command)
    {
        ArgumentNullException.ThrowIfNull(results);
        var md = new StringBuilder();
        var s = results.Settings;
        var m = results.Machine;
        Line(md, $"Measured {results.Date:yyyy-MM-dd HH:mm} UTC with `{command}`{(results.Label is null ? "" : $" ({results.Label})")}.");
        Line(md, $"Machine: {m.Cores} cores ({m.CpuModel}), {m.MemoryGiB:F1} GiB, {m.Os}; {m.DotnetRuntime}; nginx {m.NginxVersion ?? "not installed"}; load average {m.LoadAverage} at the start, {results.LoadAverageAtEnd} at the end.");
        if (results.Runs.Count > 0)
        {
            Line(md, $"Settings: {s.BodyBytes} B response body{(s.Paths.Any(BenchPath.IsGrpc) ? $" (gRPC paths: a unary call answered with a {s.BodyBytes}-byte message, HTTP/2 on every hop)" : "")}; open loop at {string.Join(", ", s.Rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))} req/s, {s.WarmupSeconds:0.#} s warm-up + {s.DurationSeconds:0.#} s measured per run; closed loop with {s.Connections} connections, {s.MaxDurationSeconds:0.#} s; {s.Repetitions} repetitions, paths in rotating order, medians shown.{(s.SidecarEnvironment.Count == 0 ? "" : $" Sidecar environment: {string.Join(" ", s.SidecarEnvironment.Select(e => $"`{e.Key}={e.Value}`"))}.")}");
            md.AppendLine();
            WriteHeadline(md, results);
            WriteAdded(md, results);
            WriteMutualTls(md, results);
            WriteLatency(md, results);
            WriteMax(md, results);
            WriteResources(md, results);
            WriteClient(md, results);
        }
        else
        {
            md.AppendLine();
        }

        if (results.EndToEnd is { } endToEnd)
        {
            EndToEndReport.Write(md, endToEnd);
        }

        if (results.Startup is { } startup)
        {
            StartupReport.Write(md, startup);
        }

        return md.ToString();
    }

    private static void WriteHeadline(StringBuilder md, BenchResults results)
    {
        Raw(md, "**Targets** (issue 12; a target holds when it holds in the median of three runs):");
        md.AppendLine();
        Raw(md, "| target | measured | verdict |");
        Raw(md, "|---|---|---|");
        foreach (var verdict in Targets.Judge(results))
        {
            Line(md, $"| {verdict.Target} | {verdict.Measured} | {verdict.Verdict} |");
        }

        md.AppendLine();
        Raw(md, "**Headline**:");
        md.AppendLine();
        foreach (var added in results.Added.Where(a => a.Rate == TargetRate))
        {
            Line(md, $"- {BenchPath.TitleOf(added.Path)} adds {Ms(added.P50)} ms at p50, {Ms(added.P90)} ms at p90 and {Ms(added.P99)} ms at p99 at {TargetRate:0} req/s.");
        }

        var plain = results.Added.FirstOrDefault(a => a.Path == BenchPath.Mesh && a.Rate == TargetRate);
        var routed = results.Added.FirstOrDefault(a => a.Path == $"{BenchPath.Mesh}@{RouteTableVariant.Name}" && a.Rate == TargetRate);
        if (plain is not null && routed is not null)
        {
            Line(md, $"- Route table (matches, a weighted split, retries, outlier detection) over the plain mesh path at {TargetRate:0} req/s: {Ms(routed.P50 - plain.P50)} ms at p50, {Ms(routed.P99 - plain.P99)} ms at p99.");
        }

        if (results.MutualTls is { } tls)
        {
            if (tls.Rates.FirstOrDefault(r => r.Rate == TargetRate) is { } at)
            {
                Line(md, $"- mTLS (pooled connections) over the plain mesh path at {TargetRate:0} req/s: {Ms(at.P50)} ms at p50, {Ms(at.P99)} ms at p99; both sidecars {at.MeshCpuPer1000:0.000} → {at.MtlsCpuPer1000:0.000} CPU s per 1000 req.");
            }

            if (tls.MaxRatio is { } ratio)
            {
                Line(md, $"- mTLS path maximum throughput: {tls.MtlsMax:0} req/s, {ratio:0.00}× the plain mesh path's {tls.MeshMax:0}.");
            }
        }

        foreach (var path in new[] { BenchPath.Mesh, BenchPath.Mtls, BenchPath.GrpcMtls })
        {
            if (results.Rates.FirstOrDefault(r => r.Path == path && r.Rate == TargetRate) is { } at)
            {
                foreach (var proxy in at.Proxies)
                {
                    Line(md, $"- {proxy.Process} at {TargetRate:0} req/s ({BenchPath.TitleOf(path)}): {proxy.CpuPer1000:0.000} cores per 1000 req/s, {proxy.RssMiB:0.0} MiB resident, peak {proxy.HwmMiB:0.0} MiB.");
                }
            }
        }

        if (results.Idle is { Count: > 0 } idle)
        {
            Line(md, $"- Idle (started, configured, the paths checked, then {Benchmark.IdleAfter.TotalSeconds:0} s without traffic): {string.Join(", ", idle.Select(i => $"{i.Process} {i.RssMiB:0.0} MiB"))}.");
        }

        foreach (var max in results.Max.Where(x => x.Path is BenchPath.Mesh or BenchPath.Mtls or BenchPath.GrpcMtls))
        {
            var nginx = max.RatioToNginx is { } r ? $", {r:0.00}× nginx's two hops" : "";
            var direct = max.RatioToDirect is { } d ? $", {d:0.00}× {BenchPath.TitleOf(BenchPath.BaselineOf(max.Path))}" : "";
            Line(md, $"- {BenchPath.TitleOf(max.Path)} maximum throughput: {max.RequestsPerSecond:0} req/s{direct}{nginx}.");
        }

        md.AppendLine();
    }

    private static void WriteAdded(StringBuilder md, BenchResults results)
    {
        Raw(md, "Added latency (ms): the path's percentile minus direct's at the same rate (Istio's definition); a gRPC path's minus gRPC direct's.");
        md.AppendLine();
        Raw(md, "| rate (req/s) | path | p50 | p90 | p99 | p99.9 |");
        Raw(md, "|---:|---|---:|---:|---:|---:|");
        foreach (var a in results.Added)
        {
            Line(md, $"| {a.Rate:0} | {BenchPath.TitleOf(a.Path)} | {Ms(a.P50)} | {Ms(a.P90)} | {Ms(a.P99)} | {Ms(a.P999)} |");
        }

        md.AppendLine();
    }

    private static void WriteMutualTls(StringBuilder md, BenchResults results)
    {
        if (results.MutualTls is not { } tls)
        {
            return;
        }

        Raw(md, "mTLS over the plain mesh path (ms): the mtls path's percentile minus the mesh path's at the same rate (same two sidecars; mutual TLS between them instead of plain text, HTTP/1.1 on both); CPU of both sidecars together.");
        md.AppendLine();
        Raw(md, "| rate (req/s) | p50 | p90 | p99 | p99.9 | CPU s / 1000 req: mesh → mtls |");
        Raw(md, "|---:|---:|---:|---:|---:|---|");
        foreach (var a in tls.Rates)
        {
            Line(md, $"| {a.Rate:0} | {Ms(a.P50)} | {Ms(a.P90)} | {Ms(a.P99)} | {Ms(a.P999)} | {a.MeshCpuPer1000:0.000} → {a.MtlsCpuPer1000:0.000} |");
        }

        if (tls.MaxRatio is { } ratio)
        {
            md.AppendLine();
            Line(md, $"Maximum throughput: mtls {tls.MtlsMax:0} req/s, mesh {tls.MeshMax:0} req/s: {ratio:0.00}×.");
        }

        md.AppendLine();
    }

    private static void WriteLatency(StringBuilder md, BenchResults results)
    {
        Raw(md, "Latency (ms, open loop, from each request's scheduled send time):");
        md.AppendLine();
        Raw(md, "| rate (req/s) | path | achieved req/s | errors | p50 | p90 | p99 | p99.9 | max |");
        Raw(md, "|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results.Rates)
        {
            var l = r.Latency;
            Line(md, $"| {r.Rate:0} | {BenchPath.TitleOf(r.Path)} | {r.AchievedRate:0.0} | {r.Errors} | {Abs(l.P50)} | {Abs(l.P90)} | {Abs(l.P99)} | {Abs(l.P999)} | {Abs(l.Max)} |");
        }

        md.AppendLine();
    }

    private static void WriteMax(StringBuilder md, BenchResults results)
    {
        if (results.Max.Count == 0)
        {
            return;
        }

        Line(md, $"Maximum throughput (closed loop, {results.Settings.Connections} connections):");
        md.AppendLine();
        Raw(md, "| path | req/s | × direct (gRPC: × gRPC direct) | × nginx | errors | p50 (ms) | p99 (ms) | CPU s per 1000 req, each proxy |");
        Raw(md, "|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var x in results.Max)
        {
            Line(md, $"| {BenchPath.TitleOf(x.Path)} | {x.RequestsPerSecond:0} | {Ratio(x.RatioToDirect)} | {Ratio(x.RatioToNginx)} | {x.Errors} | {Abs(x.Latency.P50)} | {Abs(x.Latency.P99)} | {Each(x.Proxies, p => p.CpuPer1000.ToString("0.000", CultureInfo.InvariantCulture))} |");
        }

        md.AppendLine();
    }

    private static void WriteResources(StringBuilder md, BenchResults results)
    {
        Raw(md, "Proxy processes (each hop in order; CPU seconds per 1000 requests = cores per 1000 req/s; RSS = largest VmRSS sampled in the run; HWM = VmHWM):");
        md.AppendLine();
        Raw(md, "| rate (req/s) | path | CPU s / 1000 req | kernel share of CPU | RSS MiB | HWM MiB |");
        Raw(md, "|---:|---|---|---|---|---|");
        foreach (var r in results.Rates.Where(r => r.Proxies.Count > 0))
        {
            Line(md, $"| {r.Rate:0} | {BenchPath.TitleOf(r.Path)} | {Each(r.Proxies, p => p.CpuPer1000.ToString("0.000", CultureInfo.InvariantCulture))} | {Each(r.Proxies, p => p.SystemShare.ToString("0%", CultureInfo.InvariantCulture))} | {Each(r.Proxies, p => p.RssMiB.ToString("0.0", CultureInfo.InvariantCulture))} | {Each(r.Proxies, p => p.HwmMiB.ToString("0.0", CultureInfo.InvariantCulture))} |");
        }

        md.AppendLine();
    }

    private static void WriteClient(StringBuilder md, BenchResults results)
    {
        Raw(md, "Load generator sanity (open loop): achieved vs target rate, errors (must be 0), how late it sent (send lag), its own CPU.");
        md.AppendLine();
        Raw(md, "| rate (req/s) | path | achieved | errors | send lag p99 (ms) | send lag max (ms) | client CPU s / 1000 req |");
        Raw(md, "|---:|---|---:|---:|---:|---:|---:|");
        foreach (var r in results.Rates)
        {
            Line(md, $"| {r.Rate:0} | {BenchPath.TitleOf(r.Path)} | {r.AchievedRate:0.0} | {r.Errors} | {Abs(r.SendLag.P99)} | {Abs(r.SendLag.Max)} | {r.ClientCpuPer1000:0.000} |");
        }

        md.AppendLine();
    }

    private static string Each(IReadOnlyList<ProxySummary> proxies, Func<ProxySummary, string> format) =>
        string.Join(" + ", proxies.Select(format));

    internal static string Ms(double value) => value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);

    internal static string Abs(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Ratio(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    internal static void Line(StringBuilder md, FormattableString text) => md.AppendLine(FormattableString.Invariant(text));

    private static void Raw(StringBuilder md, string text) => md.AppendLine(text);
}

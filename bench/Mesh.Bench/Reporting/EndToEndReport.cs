using System.Text;
using Mesh.Bench.EndToEnd;
using static Mesh.Bench.Reporting.MarkdownReport;

namespace Mesh.Bench.Reporting;

/// <summary>The end-to-end section of latest.md.</summary>
internal static class EndToEndReport
{
    public static void Write(StringBuilder md, EndToEndResults results)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(results);
        var repetitions = results.Runs.Count == 0 ? 0 : results.Runs.Max(r => r.Repetition);
        Line(md, $"**End to end, as a user runs it**: `dotnet run --project {results.Project}` (its http launch profile: Debug apps, the dashboard, the sidecars Mesh.Hosting ships), without the mesh (`--Mesh:Enabled=false`) and with it, in an order that rotates with each repetition ({repetitions}), medians shown. front's `/` calls back through service discovery (`http://back`) and returns its 1 KB answer; closed loop on front, {results.InFlight} requests in flight, {results.WarmupSeconds:0.#} s warm-up + {results.DurationSeconds:0.#} s measured.");
        md.AppendLine();
        if (results.Cost is { } cost)
        {
            Line(md, $"- The mesh adds {Ms(cost.AddedP50)} ms at p50 (≤ {EndToEndCost.TargetAddedP50Ms:0.0} ms: {Verdict(cost.AddedP50 <= EndToEndCost.TargetAddedP50Ms)}), {Ms(cost.AddedP90)} ms at p90, {Ms(cost.AddedP99)} ms at p99; throughput {cost.ThroughputRatio:0.00}× direct (≥ {EndToEndCost.TargetThroughputRatio:0.0}: {Verdict(cost.ThroughputRatio >= EndToEndCost.TargetThroughputRatio)}).");
            md.AppendLine();
        }

        md.AppendLine("| variant | runs | req/s | errors | p50 (ms) | p90 (ms) | p99 (ms) | p99.9 (ms) | front answered after (s) | left behind | failed runs |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var v in results.Variants)
        {
            var l = v.Latency;
            Line(md, $"| {EndToEndVariant.TitleOf(v.Variant)} | {v.Runs} | {v.RequestsPerSecond:0} | {v.Errors} | {Abs(l.P50)} | {Abs(l.P90)} | {Abs(l.P99)} | {Abs(l.P999)} | {v.AnsweredAfter:0.0} | {v.LeftBehind} | {v.FailedRuns} |");
        }

        md.AppendLine();
        WriteCpu(md, results);
        md.AppendLine("Each run (in the order run):");
        md.AppendLine();
        md.AppendLine("| rep | variant | req/s | errors | p50 (ms) | p99 (ms) | front answered after (s) | left behind, or why it failed |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---|");
        foreach (var run in results.Runs)
        {
            var notes = Cell(run.Error ?? (run.LeftBehind.Count == 0 ? "nothing" : string.Join("; ", run.LeftBehind)));
            if (run.Load is { } load)
            {
                Line(md, $"| {run.Repetition} | {run.Variant} | {load.AchievedRate:0} | {load.Errors} | {Abs(load.Latency.P50)} | {Abs(load.Latency.P99)} | {run.AnsweredAfter:0.0} | {notes} |");
            }
            else
            {
                Line(md, $"| {run.Repetition} | {run.Variant} | - | - | - | - | - | {notes} |");
            }
        }

        md.AppendLine();
    }

    /// <summary>Where each variant's CPU went: per process, CPU ms per request, the median of its runs.</summary>
    private static void WriteCpu(StringBuilder md, EndToEndResults results)
    {
        var names = results.Runs.SelectMany(r => r.Cpu).GroupBy(c => c.Name)
            .OrderByDescending(g => g.Sum(c => c.MsPerRequest)).Select(g => g.Key).ToList();
        if (names.Count == 0)
        {
            return;
        }

        var variants = results.Variants.Select(v => v.Variant).ToList();
        md.AppendLine("Where the CPU went in the measured window: CPU ms (user + system) per request, per process of the run and the load generator, medians of the runs (a process a variant does not have: -):");
        md.AppendLine();
        md.Append("| process |");
        variants.ForEach(v => md.Append(' ').Append(v).Append(" |"));
        md.AppendLine().Append("|---|");
        variants.ForEach(_ => md.Append("---:|"));
        md.AppendLine();
        foreach (var name in names.Append("total"))
        {
            md.Append("| ").Append(name).Append(" |");
            foreach (var variant in variants)
            {
                var runs = results.Runs.Where(r => r.Variant == variant && r.Cpu.Count > 0).ToList();
                var values = runs.Select(r => name == "total" ? r.Cpu.Sum(c => c.MsPerRequest) : r.Cpu.Where(c => c.Name == name).Sum(c => c.MsPerRequest)).ToList();
                var present = name == "total" || runs.Any(r => r.Cpu.Any(c => c.Name == name));
                md.Append(' ').Append(present && values.Count > 0 ? Summaries.Median(values).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "-").Append(" |");
            }

            md.AppendLine();
        }

        md.AppendLine();
    }

    internal static string Verdict(bool met) => met ? "met" : "not met";

    /// <summary>Text for a table cell: its first line, without the column separator (latest.json has the whole text).</summary>
    internal static string Cell(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end] + " …").Replace('|', '/');
    }
}

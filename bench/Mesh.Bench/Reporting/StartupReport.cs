using System.Globalization;
using System.Text;
using Mesh.Bench.Startup;
using static Mesh.Bench.Reporting.EndToEndReport;
using static Mesh.Bench.Reporting.MarkdownReport;

namespace Mesh.Bench.Reporting;

/// <summary>The start-up section of latest.md: the headline figures, the median timeline per resource, each run.</summary>
internal static class StartupReport
{
    // Issue 12, item 7.
    public const double TargetCompletePageSeconds = 20;
    public const double TargetSidecarMs = 100;

    public static void Write(StringBuilder md, StartupResults results)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(results);
        var s = results.Summary;
        var done = results.Runs.Where(r => r.Error is null).ToList();
        Line(md, $"**Start-up, as a user runs it**: `dotnet run --project {results.Project}` on a built tree, {results.Runs.Count} runs ({results.Runs.Count - done.Count} failed), medians of the runs that came up; seconds from `dotnet run`. Then the benchmark's sidecar ({results.SidecarBuild}) started {results.SidecarStarts.Count} times beside a running control plane.");
        md.AppendLine();
        md.AppendLine("| measure | target | median | each |");
        md.AppendLine("|---|---|---:|---|");
        Line(md, $"| a complete product page through the gateway (details, reviews with rating stars, no error text) | ≤ {TargetCompletePageSeconds:0} s | {Seconds(s.CompletePage)}{Judged(s.CompletePage, TargetCompletePageSeconds)} | {Each(results.Runs.Select(r => r.CompletePage), Seconds)} |");
        Line(md, $"| every resource healthy | | {Seconds(s.AllHealthy)} | {Each(results.Runs.Select(r => r.AllHealthy), Seconds)} |");
        Line(md, $"| the AppHost's process started (`dotnet run`'s build check before it) | | {Seconds(s.Timeline.FirstOrDefault(t => t.Kind == ResourceKind.AppHost)?.Launched)} | {Each(results.Runs.Select(r => r.Resources.FirstOrDefault(t => t.Kind == ResourceKind.AppHost)?.Launched), Seconds)} |");
        Line(md, $"| the slowest page after start-up ({results.PagesAfterStartup} or more each run, until a complete page has come) | ≤ {PageRecord.StallMs:0} ms (Bookinfo's timeouts) | {Milliseconds(s.SlowestPageAfterStartupMs)}{Judged(s.SlowestPageAfterStartupMs, PageRecord.StallMs)} | {Each(done.Select(r => r.PagesAfterStartup().Select(p => (double?)p.LatencyMs).Max()), Milliseconds)} |");
        Line(md, $"| pages after start-up that failed or stalled past 3 s | 0 | {s.PagesAfterStartupFailed} in all | {Each(done.Select(r => (double?)r.PagesAfterStartup().Count(p => p.Error || p.Stalled)), v => v?.ToString("0", CultureInfo.InvariantCulture) ?? "-")} |");
        Line(md, $"| sidecar: process start → admin port accepting | ≤ {TargetSidecarMs:0} ms | {Milliseconds(s.SidecarListeningMs)}{Judged(s.SidecarListeningMaxMs, TargetSidecarMs, "every start")} (max {Milliseconds(s.SidecarListeningMaxMs)}) | {Each(results.SidecarStarts.Select(x => (double?)x.ListeningMs), Milliseconds)} |");
        Line(md, $"| sidecar: control plane's first answer → `/readyz` 200 | ≤ {TargetSidecarMs:0} ms | {Milliseconds(s.SidecarReadyAfterAnswerMs)}{Judged(s.SidecarReadyAfterAnswerMaxMs, TargetSidecarMs, "every start")} (max {Milliseconds(s.SidecarReadyAfterAnswerMaxMs)}) | {Each(results.SidecarStarts.Select(x => x.ReadyAfterAnswerMs), Milliseconds)} |");
        foreach (var (variant, starts) in results.VariantStarts)
        {
            var variantSummary = StartupSummary.From([], starts);
            Line(md, $"| sidecar [{variant}]: process start → admin port accepting | | {Milliseconds(variantSummary.SidecarListeningMs)} (max {Milliseconds(variantSummary.SidecarListeningMaxMs)}) | {Each(starts.Select(x => (double?)x.ListeningMs), Milliseconds)} |");
            Line(md, $"| sidecar [{variant}]: control plane's first answer → `/readyz` 200 | | {Milliseconds(variantSummary.SidecarReadyAfterAnswerMs)} (max {Milliseconds(variantSummary.SidecarReadyAfterAnswerMaxMs)}) | {Each(starts.Select(x => x.ReadyAfterAnswerMs), Milliseconds)} |");
        }

        md.AppendLine();

        md.AppendLine("Where the seconds go (medians; launched: its first process, for a project DCP's `dotnet run --no-build`; program: the project's own process; listening: every port its environment names; healthy: its health endpoint answered 2xx):");
        md.AppendLine();
        md.AppendLine("| resource | kind | launched (s) | program (s) | listening (s) | healthy (s) |");
        md.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var t in s.Timeline)
        {
            Line(md, $"| {t.Name} | {t.Kind} | {t.Launched:0.00} | {Seconds(t.Started)} | {Seconds(t.Listening)} | {Seconds(t.Healthy)} |");
        }

        md.AppendLine();
        WriteCpu(md, results);
        md.AppendLine("Each run:");
        md.AppendLine();
        md.AppendLine("| run | complete page (s) | every resource healthy (s) | pages before start-up was over (errors) | after: slowest (ms), failed or stalled | response flags (proxies' /stats) | left behind, or why it failed |");
        md.AppendLine("|---:|---:|---:|---|---|---|---|");
        foreach (var run in results.Runs)
        {
            var before = run.Pages.Where(p => !p.AfterStartup).ToList();
            var after = run.PagesAfterStartup().ToList();
            var notes = Cell(run.Error ?? (run.LeftBehind.Count == 0 ? "nothing" : string.Join("; ", run.LeftBehind)));
            var flags = run.ResponseFlags.Count == 0 ? "none" : Cell(string.Join("; ", run.ResponseFlags));
            Line(md, $"| {run.Repetition} | {Seconds(run.CompletePage)} | {Seconds(run.AllHealthy)} | {before.Count} ({before.Count(p => p.Error)}) | {(after.Count == 0 ? "-" : $"{after.Max(p => p.LatencyMs):0}, {after.Count(p => p.Error || p.Stalled)}")} | {flags} | {notes} |");
        }

        md.AppendLine();
    }

    /// <summary>Where the CPU went up to the complete page: per resource, CPU seconds, medians of the runs, largest first.</summary>
    private static void WriteCpu(StringBuilder md, StartupResults results)
    {
        var runs = results.Runs.Where(r => r.Error is null && r.CpuAtCompletePage.Count > 0).ToList();
        if (runs.Count == 0)
        {
            return;
        }

        var kinds = results.Summary.Timeline.ToDictionary(t => t.Name, t => t.Kind, StringComparer.Ordinal);
        var medians = runs.SelectMany(r => r.CpuAtCompletePage.Keys).Distinct()
            .Select(name => (Name: name, Seconds: Summaries.Median(runs.Select(r => r.CpuAtCompletePage.GetValueOrDefault(name)))))
            .OrderByDescending(c => c.Seconds).ToList();
        var total = Summaries.Median(runs.Select(r => r.CpuAtCompletePage.Values.Sum()));
        Line(md, $"Where the CPU went up to the complete page: CPU seconds (user + system) of each process of the run still running then, medians of {runs.Count} runs; {total:0.0} s in all (two cores give two seconds a second), by kind: {string.Join(", ", medians.GroupBy(c => kinds.GetValueOrDefault(c.Name, "other")).Select(g => (Kind: g.Key, Seconds: g.Sum(c => c.Seconds))).OrderByDescending(g => g.Seconds).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Kind} {g.Seconds:0.0}")))}.");
        md.AppendLine();
        md.AppendLine("| process | kind | CPU (s) |");
        md.AppendLine("|---|---|---:|");
        foreach (var (name, seconds) in medians)
        {
            Line(md, $"| {name} | {kinds.GetValueOrDefault(name, "other")} | {seconds:0.00} |");
        }

        md.AppendLine();
    }

    private static string Judged(double? value, double target, string? scope = null) =>
        value is { } v ? $" ({(scope is null ? "" : scope + ": ")}{Verdict(v <= target)})" : "";

    private static string Seconds(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-";

    private static string Milliseconds(double? value) => value?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-";

    private static string Each(IEnumerable<double?> values, Func<double?, string> format) => string.Join(", ", values.Select(format));
}

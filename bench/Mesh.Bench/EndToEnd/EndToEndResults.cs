using Mesh.Bench.Load;
using Mesh.Bench.Reporting;

namespace Mesh.Bench.EndToEnd;

/// <summary>The end-to-end pair: bench/E2E/E2E.AppHost under <c>dotnet run</c>, with the mesh and without.</summary>
/// <param name="InFlight">Requests in flight (closed loop).</param>
internal sealed record EndToEndResults(string Project, double WarmupSeconds, double DurationSeconds, int InFlight,
    IReadOnlyList<EndToEndRun> Runs, IReadOnlyList<EndToEndSummary> Variants, EndToEndCost? Cost);

/// <summary>One start of the AppHost and its measured window.</summary>
/// <param name="AnsweredAfter">Seconds from <c>dotnet run</c> to front's first 200 (its call to back included).</param>
/// <param name="Load">The measured window (null when the run failed).</param>
/// <param name="LeftBehind">Processes of the run still running after it was stopped (then killed).</param>
/// <param name="Error">Why the run failed, if it did.</param>
/// <param name="Cpu">CPU per request in the measured window, per process of the run and the load generator, largest first.</param>
internal sealed record EndToEndRun(string Variant, int Repetition, double? AnsweredAfter, LoadResult? Load, IReadOnlyList<string> LeftBehind,
    string? Error = null, IReadOnlyList<ProcessCpu>? Cpu = null)
{
    public IReadOnlyList<ProcessCpu> Cpu { get; init; } = Cpu ?? [];
}

/// <summary>One variant's medians across its repetitions that ran; errors and leftovers summed.</summary>
internal sealed record EndToEndSummary(string Variant, int Runs, double RequestsPerSecond, long Errors, Percentiles Latency, double AnsweredAfter,
    int LeftBehind, int FailedRuns);

/// <summary>What the mesh costs end to end: mesh minus direct (medians), in ms, and mesh ÷ direct throughput.</summary>
internal sealed record EndToEndCost(double AddedP50, double AddedP90, double AddedP99, double ThroughputRatio)
{
    // Issue 12, item 6.
    public const double TargetAddedP50Ms = 0.5;
    public const double TargetThroughputRatio = 0.8;

    public static EndToEndCost? From(IReadOnlyList<EndToEndSummary> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        var direct = variants.FirstOrDefault(v => v.Variant == EndToEndVariant.Direct && v.Runs > 0);
        var mesh = variants.FirstOrDefault(v => v.Variant == EndToEndVariant.Mesh && v.Runs > 0);
        if (direct is null || mesh is null || direct.RequestsPerSecond <= 0)
        {
            return null;
        }

        return new EndToEndCost(mesh.Latency.P50 - direct.Latency.P50, mesh.Latency.P90 - direct.Latency.P90,
            mesh.Latency.P99 - direct.Latency.P99, mesh.RequestsPerSecond / direct.RequestsPerSecond);
    }
}

internal static class EndToEndSummaries
{
    public static IReadOnlyList<EndToEndSummary> From(IReadOnlyList<EndToEndRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return [.. EndToEndVariant.All.Where(v => runs.Any(r => r.Variant == v)).Select(variant =>
        {
            var all = runs.Where(r => r.Variant == variant).ToList();
            var measured = all.Where(r => r.Load is not null).ToList();
            return new EndToEndSummary(variant, measured.Count,
                Summaries.Median(measured.Select(r => r.Load!.AchievedRate)),
                measured.Sum(r => r.Load!.Errors),
                Summaries.MedianOf(measured.Select(r => r.Load!.Latency)),
                Summaries.Median(measured.Select(r => r.AnsweredAfter ?? 0)),
                all.Sum(r => r.LeftBehind.Count),
                all.Count - measured.Count);
        })];
    }
}

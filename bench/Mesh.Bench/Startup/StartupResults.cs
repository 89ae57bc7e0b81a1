using Mesh.Bench.Reporting;

namespace Mesh.Bench.Startup;

/// <summary>The start-up timeline: Bookinfo's runs under <c>dotnet run</c>, and the sidecar's own start.</summary>
/// <param name="Project">The AppHost started, relative to the repository.</param>
/// <param name="PagesAfterStartup">
/// Product pages each run asks for once start-up is over (more when the first complete page comes later than that).
/// </param>
/// <param name="Runs">Each run, in order (a failed run has its <see cref="StartupRun.Error"/>).</param>
/// <param name="SidecarBuild">How the benchmark sidecar was built (Native AOT or ReadyToRun: the build Mesh.Hosting ships).</param>
/// <param name="SidecarStarts">The benchmark sidecar started beside a running control plane, each time.</param>
internal sealed record StartupResults(string Project, int PagesAfterStartup, IReadOnlyList<StartupRun> Runs,
    string SidecarBuild, IReadOnlyList<SidecarStart> SidecarStarts, StartupSummary Summary)
{
    /// <summary>Each variant's sidecar (<c>--variant</c>), started as often as the benchmark's own, in turn with it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SidecarStart>> VariantStarts { get; init; } = new Dictionary<string, IReadOnlyList<SidecarStart>>();
}

/// <summary>One run of the AppHost, in seconds since <c>dotnet run</c> was started.</summary>
/// <param name="CompletePage">The first complete product page through the gateway had arrived (null: none came).</param>
/// <param name="AllHealthy">The last resource with a health endpoint answered 2xx.</param>
/// <param name="Resources">Each resource's start, in the order they were launched.</param>
/// <param name="Pages">Every product page asked for, in order.</param>
/// <param name="ResponseFlags">Envoy response flags the proxies counted over the run (from their <c>/stats</c>).</param>
/// <param name="LeftBehind">Processes of the run still running after it was stopped (then killed).</param>
/// <param name="Error">Why the run failed, if it did.</param>
internal sealed record StartupRun(int Repetition, double? CompletePage, double? AllHealthy, IReadOnlyList<ResourceTimeline> Resources,
    IReadOnlyList<PageRecord> Pages, IReadOnlyList<string> ResponseFlags, IReadOnlyList<string> LeftBehind, string? Error = null)
{
    /// <summary>
    /// CPU seconds (user + system) each resource's processes had spent when the first complete page came (read up to
    /// 250 ms before it), for those still running then: where two cores' worth of start-up went.
    /// </summary>
    public IReadOnlyDictionary<string, double> CpuAtCompletePage { get; init; } = new Dictionary<string, double>();

    public IEnumerable<PageRecord> PagesAfterStartup() => Pages.Where(p => p.AfterStartup);
}

/// <summary>Medians across the runs that succeeded, and the worst of the first pages.</summary>
/// <param name="Timeline">Each resource's median times, ordered by median launch.</param>
/// <param name="SlowestPageAfterStartupMs">The slowest page after start-up in any run.</param>
/// <param name="PagesAfterStartupFailed">Pages after start-up, all runs, that were errors or slower than Bookinfo's 3 s timeouts.</param>
internal sealed record StartupSummary(double? CompletePage, double? AllHealthy, IReadOnlyList<ResourceTimeline> Timeline,
    double? SlowestPageAfterStartupMs, int PagesAfterStartupFailed, double? SidecarListeningMs, double? SidecarListeningMaxMs,
    double? SidecarReadyAfterAnswerMs, double? SidecarReadyAfterAnswerMaxMs)
{
    public static StartupSummary From(IReadOnlyList<StartupRun> runs, IReadOnlyList<SidecarStart> starts)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(starts);
        var done = runs.Where(r => r.Error is null).ToList();
        var after = done.SelectMany(r => r.PagesAfterStartup()).ToList();
        var answered = starts.Where(s => s.ReadyAfterAnswerMs is not null).Select(s => s.ReadyAfterAnswerMs!.Value).ToList();
        return new StartupSummary(
            MedianOrNull(done.Select(r => r.CompletePage)),
            MedianOrNull(done.Select(r => r.AllHealthy)),
            MedianTimeline(done),
            after.Count == 0 ? null : after.Max(p => p.LatencyMs),
            after.Count(p => p.Error || p.Stalled),
            MedianOrNull(starts.Select(s => (double?)s.ListeningMs)),
            starts.Count == 0 ? null : starts.Max(s => s.ListeningMs),
            MedianOrNull(answered.Select(a => (double?)a)),
            answered.Count == 0 ? null : answered.Max());
    }

    private static List<ResourceTimeline> MedianTimeline(List<StartupRun> runs)
    {
        var names = runs.SelectMany(r => r.Resources).Select(t => (t.Name, t.Kind)).Distinct();
        return [.. names.Select(resource =>
        {
            var seen = runs.SelectMany(r => r.Resources).Where(t => t.Name == resource.Name).ToList();
            return new ResourceTimeline(resource.Name, resource.Kind,
                Summaries.Median(seen.Select(t => t.Launched)),
                MedianOrNull(seen.Select(t => t.Started)),
                MedianOrNull(seen.Select(t => t.Listening)),
                MedianOrNull(seen.Select(t => t.Healthy)));
        }).OrderBy(t => t.Launched)];
    }

    private static double? MedianOrNull(IEnumerable<double?> values)
    {
        var known = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return known.Count == 0 ? null : Summaries.Median(known);
    }
}

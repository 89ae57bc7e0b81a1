using System.Globalization;
using Mesh.Bench.AppHosts;
using Mesh.Bench.Topology;
using Mesh.Model.Conventions;

namespace Mesh.Bench.Startup;

/// <summary>
/// The start-up timeline (issue 12, item 7): builds Bookinfo's AppHost, then runs it as a user does, <c>dotnet run
/// --project MeshHost.AppHost</c>, once per repetition, timing the first complete product page through the gateway and
/// each resource's start (<see cref="StartupWatcher"/>); then times the benchmark sidecar's own start
/// (<see cref="SidecarStartup"/>).
/// </summary>
internal sealed class StartupBenchmark(BenchSettings settings, TextWriter log)
{
    public const string Project = "MeshHost.AppHost";

    // A built tree comes up in well under a minute even on a busy machine; five leave room for `dotnet run`'s build check.
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    public async Task<StartupResults> RunAsync(CancellationToken cancellationToken)
    {
        await DotnetBuild.RunAsync(Project, log, cancellationToken);
        var runs = new List<StartupRun>();
        for (var rep = 0; rep < settings.Repetitions; rep++)
        {
            log.WriteLine($"start-up {rep + 1}/{settings.Repetitions}: dotnet run --project {Project}");
            var run = await RunOnceAsync(rep + 1, cancellationToken);
            log.WriteLine(Describe(run));
            runs.Add(run);
        }

        // Variants that are another build or other settings of the sidecar; one that differs in the mesh's configuration
        // (the route-table variant) would start the same as the benchmark's own.
        var starts = await SidecarStartup.MeasureAsync(settings.SidecarStarts, [.. settings.Variants.Where(v => v.MeshConfig is null)], log, cancellationToken);
        var own = starts[SidecarStartup.DefaultBuild];
        return new StartupResults(Project, settings.StartupPages, runs, MeshProgram.Describe(Programs.Sidecar.Build), own, StartupSummary.From(runs, own))
        {
            VariantStarts = starts.Where(p => p.Key != SidecarStartup.DefaultBuild).ToDictionary(),
        };
    }

    private async Task<StartupRun> RunOnceAsync(int repetition, CancellationToken cancellationToken)
    {
        using var run = AppHostRun.Start(Project, []);
        StartupRun result;
        try
        {
            result = await new StartupWatcher(run, Project, settings.StartupPages).WatchAsync(repetition, s_timeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException)
        {
            result = new StartupRun(repetition, null, null, [], [], [], [], e.Message);
        }

        return result with { LeftBehind = await run.StopAsync() };
    }

    private static string Describe(StartupRun run)
    {
        if (run.Error is not null)
        {
            return $"  failed: {run.Error}";
        }

        var after = run.PagesAfterStartup().ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"  complete product page after {run.CompletePage:0.0} s, every resource healthy after {run.AllHealthy:0.0} s; {after.Count} pages after start-up, slowest {after.Max(p => p.LatencyMs):0} ms, {after.Count(p => p.Error || p.Stalled)} failed or stalled; flags: {(run.ResponseFlags.Count == 0 ? "none" : string.Join("; ", run.ResponseFlags))}; left behind: {(run.LeftBehind.Count == 0 ? "nothing" : string.Join("; ", run.LeftBehind))}");
    }
}

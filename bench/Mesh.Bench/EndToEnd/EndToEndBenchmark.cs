using System.Globalization;
using Mesh.Bench.AppHosts;
using Mesh.Bench.Load;
using Mesh.Bench.Topology;

namespace Mesh.Bench.EndToEnd;

/// <summary>
/// The end-to-end pair (issue 12, item 6): bench/E2E/E2E.AppHost started as a user starts it, <c>dotnet run --project</c>
/// (its http launch profile, Debug apps), once with the mesh and once without, in an order that rotates with each
/// repetition. Each start waits until front answers, drives front closed loop (a warm-up, then the measured window),
/// then stops the AppHost and checks that nothing it started is left running.
/// </summary>
internal sealed class EndToEndBenchmark(BenchSettings settings, TextWriter log)
{
    public const string Project = "bench/E2E/E2E.AppHost";

    // Long enough for `dotnet run`'s build check and the AppHost's start on a busy machine.
    private static readonly TimeSpan s_answerTimeout = TimeSpan.FromMinutes(5);

    public async Task<EndToEndResults> RunAsync(CancellationToken cancellationToken)
    {
        await DotnetBuild.RunAsync(Project, log, cancellationToken);
        var runs = new List<EndToEndRun>();
        for (var rep = 0; rep < settings.Repetitions; rep++)
        {
            foreach (var variant in Benchmark.Rotate(EndToEndVariant.All, rep))
            {
                var run = await RunOnceAsync(variant, rep + 1, cancellationToken);
                log.WriteLine(Describe(run));
                runs.Add(run);
            }
        }

        var variants = EndToEndSummaries.From(runs);
        return new EndToEndResults(Project, settings.EndToEndWarmup.TotalSeconds, settings.EndToEndDuration.TotalSeconds, settings.EndToEndInFlight,
            runs, variants, EndToEndCost.From(variants));
    }

    /// <summary>One start of the AppHost: up, warm-up, measured window, stop.</summary>
    internal async Task<EndToEndRun> RunOnceAsync(string variant, int repetition, CancellationToken cancellationToken)
    {
        var port = Programs.FreePort();
        var front = new Uri($"http://localhost:{port.ToString(CultureInfo.InvariantCulture)}/");
        using var run = AppHostRun.Start(Project, EndToEndVariant.Arguments(variant, port));
        using var probe = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        EndToEndRun result;
        try
        {
            await run.WaitUntilAsync(ct => AnswersAsync(probe, front, ct), s_answerTimeout, "answer from front", cancellationToken);
            var answeredAfter = run.Elapsed;
            var cpu = new Dictionary<string, double>();
            var load = await ClosedLoop.RunAsync(LoadTarget.HttpGet(front), settings.EndToEndInFlight, settings.EndToEndWarmup, settings.EndToEndDuration,
                RunCpu.Monitor(run, Path.GetFileName(Project), cpu));
            result = new EndToEndRun(variant, repetition, answeredAfter, load, [], Cpu: RunCpu.PerRequest(cpu, load.Requests));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            result = new EndToEndRun(variant, repetition, null, null, [], e.Message);
        }

        return result with { LeftBehind = await run.StopAsync() };
    }

    private static async Task<bool> AnswersAsync(HttpClient http, Uri front, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(front, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private string Describe(EndToEndRun run)
    {
        var what = $"e2e rep {run.Repetition}/{settings.Repetitions} {run.Variant,-6}";
        if (run.Load is not { } load)
        {
            return $"{what} failed: {run.Error}";
        }

        var l = load.Latency;
        var errors = load.Errors == 0 ? "0 errors" : $"{load.Errors} ERRORS (first: {load.FirstError})";
        var left = run.LeftBehind.Count == 0 ? "nothing left behind" : $"LEFT BEHIND: {string.Join("; ", run.LeftBehind)}";
        var cpu = string.Join(", ", run.Cpu.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.MsPerRequest:0.000}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"{what} front answered after {run.AnsweredAfter:0.0} s; p50 {l.P50:0.000} p90 {l.P90:0.000} p99 {l.P99:0.000} ms; {load.AchievedRate:0.0} req/s; {errors}; {left}; CPU ms per request: {cpu}");
    }
}

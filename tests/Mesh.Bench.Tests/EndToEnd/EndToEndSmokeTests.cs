using Mesh.Bench.EndToEnd;

namespace Mesh.Bench.Tests.EndToEnd;

/// <summary>
/// bench/E2E/E2E.AppHost started as the benchmark starts it (<c>dotnet run</c>, with the mesh), driven for two seconds and
/// stopped: every request succeeds, the CPU of each process on the path is read, and nothing it started is left running. Tens of seconds on two quiet cores, most of
/// it <c>dotnet run</c>'s build check and the AppHost's start.
/// </summary>
[Trait("Category", "Slow")]
public sealed class EndToEndSmokeTests
{
    [LinuxFact]
    public async Task RunOnce_MeshUnderDotnetRun_AllRequestsSucceed_AndNothingIsLeftBehind()
    {
        var settings = new BenchSettings { EndToEndWarmup = TimeSpan.FromSeconds(1), EndToEndDuration = TimeSpan.FromSeconds(2) };

        var run = await new EndToEndBenchmark(settings, TextWriter.Null).RunOnceAsync(EndToEndVariant.Mesh, 1, CancellationToken.None);

        Assert.Null(run.Error);
        Assert.NotNull(run.Load);
        Assert.True(run.Load.Errors == 0, $"{run.Load.Errors} requests failed; the first: {run.Load.FirstError}");
        Assert.True(run.Load.Requests > 0, "no request completed");
        Assert.Empty(run.LeftBehind);
        // Where the CPU went: each process on the request's path is read and named as its resource.
        foreach (var name in new[] { "front", "back", "front-sidecar", "back-sidecar", RunCpu.LoadGenerator })
        {
            Assert.True(run.Cpu.Any(c => c.Name == name && c.MsPerRequest > 0),
                $"no CPU read for {name}; read: {string.Join(", ", run.Cpu.Select(c => $"{c.Name} {c.MsPerRequest:0.000}"))}");
        }
    }
}

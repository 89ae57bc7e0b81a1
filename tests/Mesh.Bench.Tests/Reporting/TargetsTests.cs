using Mesh.Bench.Load;
using Mesh.Bench.Measurement;
using Mesh.Bench.Reporting;
using Mesh.Bench.Topology;

namespace Mesh.Bench.Tests.Reporting;

public sealed class TargetsTests
{
    [Fact]
    public void Judge_EveryFigureWithinItsTarget_AllMet()
    {
        var verdicts = Targets.Judge(Results(sidecarRss: 45, idleRss: 35, controlPlaneRss: 55, cores: 0.15,
            meshMax: 8500, mtlsMax: 7500, nginxMax: 10000, mtlsAddedP50: 0.4, mtlsAddedP99: 0.9, mtlsOverPlainP50: 0.05));

        Assert.Equal(9, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.Met, $"{v.Target}: {v.Measured}"));
    }

    [Fact]
    public void Judge_EachFigureJustPastItsTarget_NotMet()
    {
        var verdicts = Targets.Judge(Results(sidecarRss: 50.1, idleRss: 40.1, controlPlaneRss: 60.1, cores: 0.21,
            meshMax: 7900, mtlsMax: 6900, nginxMax: 10000, mtlsAddedP50: 0.51, mtlsAddedP99: 1.01, mtlsOverPlainP50: 0.11));

        Assert.All(verdicts, v => Assert.False(v.Met, $"{v.Target}: {v.Measured}"));
        Assert.Contains(verdicts, v => v.Measured == "0.79× (7900 vs 10000 req/s)");
        Assert.Contains(verdicts, v => v.Measured == "client-mtls-sidecar 50.1 MiB, backend-mtls-sidecar 50.1 MiB");
    }

    [Fact]
    public void Judge_IdleMemory_JudgesTheBuildUnderTest_AndListsAnotherBuildsPairBeside()
    {
        var results = Results(45, 35, 55, 0.15, 8500, 7500, 10000, 0.4, 0.9, 0.05);
        results = results with
        {
            Max = [.. results.Max, Max("mesh@prev", 8000), Max("mesh@routes", 8000)],
            Idle = [.. results.Idle!, new("client-prev-sidecar", 41.6), new("backend-prev-sidecar", 38.0), new("client-routes-sidecar", 36.0)],
        };

        var idle = Assert.Single(Targets.Judge(results), v => v.Target.Contains("idle", StringComparison.Ordinal));

        Assert.True(idle.Met, idle.Measured);
        Assert.Equal("client-sidecar 35.0 MiB, backend-sidecar 35.0 MiB, client-routes-sidecar 36.0 MiB; not judged (another build or settings): "
            + "client-prev-sidecar 41.6 MiB, backend-prev-sidecar 38.0 MiB", idle.Measured);
        // The route-table pair is the build under test: judged.
        results = results with { Idle = [.. results.Idle!, new("backend-routes-sidecar", 40.5)] };
        Assert.False(Assert.Single(Targets.Judge(results), v => v.Target.Contains("idle", StringComparison.Ordinal)).Met);
    }

    [Fact]
    public void Judge_PathsNotMeasured_SaysSoInsteadOfAVerdict()
    {
        var results = Results(45, 35, 55, 0.15, 8500, 7500, 10000, 0.4, 0.9, 0.05) with
        {
            Rates = [], Max = [], Added = [], MutualTls = null, Idle = null, ControlPlaneRssMiB = null,
        };

        Assert.All(Targets.Judge(results), v => Assert.Equal("not measured", v.Verdict));
    }

    private static BenchResults Results(double sidecarRss, double idleRss, double controlPlaneRss, double cores, double meshMax,
        double mtlsMax, double nginxMax, double mtlsAddedP50, double mtlsAddedP99, double mtlsOverPlainP50)
    {
        var zero = new Percentiles(0, 0, 0, 0, 0);
        ProxySummary[] proxies = [new("client-mtls-sidecar", cores, sidecarRss, sidecarRss, 0.3), new("backend-mtls-sidecar", cores, sidecarRss, sidecarRss, 0.3)];
        return new BenchResults(null, DateTimeOffset.UnixEpoch, new MachineInfo(2, "cpu", 24, "os", ".NET", "1.22", "linux", "0 0 0"),
            new BenchSettingsView([1000], 5, 1, 3, true, 16, 4, 3, [BenchPath.Mtls], new Dictionary<string, string>(), 1024),
            [],
            [new RateSummary(BenchPath.Mtls, 1000, 1000, 0, zero, zero, proxies, 1)],
            [Max(BenchPath.Mesh, meshMax), Max(BenchPath.Mtls, mtlsMax), Max(BenchPath.Nginx, nginxMax)],
            [new AddedLatency(BenchPath.Mtls, 1000, mtlsAddedP50, 0, mtlsAddedP99, 0)],
            "0 0 0",
            new MutualTlsCost([new MutualTlsAdded(1000, mtlsOverPlainP50, 0, 0, 0, 0.5, 0.6)], meshMax, mtlsMax, mtlsMax / meshMax),
            [new ProcessMemory("client-sidecar", idleRss), new ProcessMemory("backend-sidecar", idleRss), new ProcessMemory("control-plane", 30)],
            controlPlaneRss);
    }

    private static MaxSummary Max(string path, double rps) => new(path, rps, null, null, 0, new Percentiles(1, 1, 1, 1, 1), [], 1);
}

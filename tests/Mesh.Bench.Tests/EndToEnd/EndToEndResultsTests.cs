using Mesh.Bench.EndToEnd;
using Mesh.Bench.Load;

namespace Mesh.Bench.Tests.EndToEnd;

public sealed class EndToEndResultsTests
{
    [Fact]
    public void From_Runs_MediansPerVariant_AndTheMeshsCost()
    {
        EndToEndRun[] runs =
        [
            Run(EndToEndVariant.Direct, 1, rps: 1000, p50: 3.0),
            Run(EndToEndVariant.Mesh, 1, rps: 700, p50: 4.0),
            Run(EndToEndVariant.Mesh, 2, rps: 800, p50: 3.4),
            Run(EndToEndVariant.Direct, 2, rps: 1200, p50: 2.8),
            Run(EndToEndVariant.Direct, 3, rps: 1100, p50: 2.9),
            Run(EndToEndVariant.Mesh, 3, rps: 750, p50: 3.6, leftBehind: ["Mesh.Sidecar (pid 42) still running 30 s after dotnet run exited"]),
        ];

        var variants = EndToEndSummaries.From(runs);
        var cost = EndToEndCost.From(variants);

        var mesh = Assert.Single(variants, v => v.Variant == EndToEndVariant.Mesh);
        Assert.Equal(750, mesh.RequestsPerSecond);
        Assert.Equal(3.6, mesh.Latency.P50, precision: 9);
        Assert.Equal(1, mesh.LeftBehind);
        Assert.NotNull(cost);
        Assert.Equal(0.7, cost.AddedP50, precision: 9);
        Assert.Equal(750.0 / 1100, cost.ThroughputRatio, precision: 9);
    }

    [Fact]
    public void From_FailedRun_IsCountedButNotMeasured()
    {
        EndToEndRun[] runs =
        [
            Run(EndToEndVariant.Direct, 1, rps: 1000, p50: 3.0),
            new(EndToEndVariant.Mesh, 1, null, null, [], "no answer from front within 300 s"),
        ];

        var variants = EndToEndSummaries.From(runs);

        var mesh = Assert.Single(variants, v => v.Variant == EndToEndVariant.Mesh);
        Assert.Equal((0, 1), (mesh.Runs, mesh.FailedRuns));
        Assert.Null(EndToEndCost.From(variants));
    }

    [Fact]
    public void Arguments_SwitchTheMeshAndPlaceFront() =>
        Assert.Equal(["--Mesh:Enabled=false", "--E2E:FrontPort=5180"], EndToEndVariant.Arguments(EndToEndVariant.Direct, 5180));

    private static EndToEndRun Run(string variant, int repetition, double rps, double p50, string[]? leftBehind = null) =>
        new(variant, repetition, 20, new LoadResult(0, rps, (long)rps * 10, 0, null, new Percentiles(p50, p50 * 2, p50 * 5, p50 * 8, p50 * 10), null, 4),
            leftBehind ?? []);
}

using System.Text;
using Mesh.Bench.EndToEnd;
using Mesh.Bench.Load;
using Mesh.Bench.Reporting;

namespace Mesh.Bench.Tests.Reporting;

public sealed class EndToEndReportTests
{
    [Fact]
    public void Write_Results_HeadlineJudgesTheIssuesTargets()
    {
        var md = Write(directP50: 3.0, meshP50: 3.4, directRps: 1000, meshRps: 850);

        Assert.Contains("The mesh adds +0.400 ms at p50 (≤ 0.5 ms: met)", md, StringComparison.Ordinal);
        Assert.Contains("throughput 0.85× direct (≥ 0.8: met)", md, StringComparison.Ordinal);
        Assert.Contains("| mesh: front's sidecar → front → sidecar → sidecar → back | 1 | 850 | 0 | 3.400 |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_MissedTargets_SayNotMet()
    {
        var md = Write(directP50: 3.0, meshP50: 6.9, directRps: 1000, meshRps: 580);

        Assert.Contains("+3.900 ms at p50 (≤ 0.5 ms: not met)", md, StringComparison.Ordinal);
        Assert.Contains("0.58× direct (≥ 0.8: not met)", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FailedRunWithOutput_KeepsTheTableOnOneLine()
    {
        EndToEndRun[] runs = [new(EndToEndVariant.Mesh, 1, null, null, [], "`dotnet run` of E2E.AppHost exited before answer from front. Its last output:\nfail | crash")];
        var md = new StringBuilder();

        EndToEndReport.Write(md, new EndToEndResults("bench/E2E/E2E.AppHost", 5, 10, 4, runs, EndToEndSummaries.From(runs), null));

        Assert.Contains("| 1 | mesh | - | - | - | - | - | `dotnet run` of E2E.AppHost exited before answer from front. Its last output: … |", md.ToString(), StringComparison.Ordinal);
    }

    private static string Write(double directP50, double meshP50, double directRps, double meshRps)
    {
        EndToEndRun[] runs = [Run(EndToEndVariant.Direct, directP50, directRps), Run(EndToEndVariant.Mesh, meshP50, meshRps)];
        var variants = EndToEndSummaries.From(runs);
        var md = new StringBuilder();
        EndToEndReport.Write(md, new EndToEndResults("bench/E2E/E2E.AppHost", 5, 10, 4, runs, variants, EndToEndCost.From(variants)));
        return md.ToString();
    }

    private static EndToEndRun Run(string variant, double p50, double rps) =>
        new(variant, 1, 20, new LoadResult(0, rps, (long)rps * 10, 0, null, new Percentiles(p50, p50, p50, p50, p50), null, 4), []);
}

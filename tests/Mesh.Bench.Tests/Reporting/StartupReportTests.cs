using System.Text;
using Mesh.Bench.Reporting;
using Mesh.Bench.Startup;

namespace Mesh.Bench.Tests.Reporting;

public sealed class StartupReportTests
{
    [Fact]
    public void Write_Results_JudgesEachTargetAndListsEachRun()
    {
        StartupRun[] runs =
        [
            Run(1, complete: 42.1, slowestPageMs: 3400),
            Run(2, complete: 18.5, slowestPageMs: 200),
            Run(3, complete: 19.0, slowestPageMs: 150),
        ];
        SidecarStart[] starts = [new(35, 80, 6), new(45, 95, 9)];
        var md = new StringBuilder();

        StartupReport.Write(md, new StartupResults("MeshHost.AppHost", 2, runs, "Native AOT", starts, StartupSummary.From(runs, starts)));
        var text = md.ToString();

        Assert.Contains("| ≤ 20 s | 19.00 (met) | 42.10, 18.50, 19.00 |", text, StringComparison.Ordinal);
        Assert.Contains("| ≤ 3000 ms (Bookinfo's timeouts) | 3400.0 (not met) |", text, StringComparison.Ordinal);
        Assert.Contains("| ≤ 100 ms | 40.0 (every start: met) (max 45.0) | 35.0, 45.0 |", text, StringComparison.Ordinal);
        Assert.Contains("| ≤ 100 ms | 7.5 (every start: met) (max 9.0) | 6.0, 9.0 |", text, StringComparison.Ordinal);
        Assert.Contains("| productpage-sidecar | sidecar | 9.00 | 9.00 | 9.10 | 9.50 |", text, StringComparison.Ordinal);
        Assert.Contains("| 1 | 42.10 | 41.10 | 1 (1) | 3400, 1 | productpage-sidecar outbound reviews: DC×1 | nothing |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_VariantStarts_RowsBesideTheOwnSidecarsWithoutAJudgement()
    {
        SidecarStart[] own = [new(35, 80, 6), new(45, 95, 9)];
        SidecarStart[] variant = [new(50, 120, 70), new(70, 150, 110)];
        var md = new StringBuilder();

        StartupReport.Write(md, new StartupResults("MeshHost.AppHost", 2, [], "Native AOT", own, StartupSummary.From([], own))
        {
            VariantStarts = new Dictionary<string, IReadOnlyList<SidecarStart>> { ["prev"] = variant },
        });
        var text = md.ToString();

        Assert.Contains("| sidecar [prev]: process start → admin port accepting | | 60.0 (max 70.0) | 50.0, 70.0 |", text, StringComparison.Ordinal);
        Assert.Contains("| sidecar [prev]: control plane's first answer → `/readyz` 200 | | 90.0 (max 110.0) | 70.0, 110.0 |", text, StringComparison.Ordinal);
        Assert.Contains("| ≤ 100 ms | 40.0 (every start: met) (max 45.0) | 35.0, 45.0 |", text, StringComparison.Ordinal);
    }

    private static StartupRun Run(int repetition, double complete, double slowestPageMs) => new(repetition, complete, complete - 1,
        [
            new ResourceTimeline("MeshHost.AppHost", ResourceKind.AppHost, 6, 6, null, null),
            new ResourceTimeline("productpage-sidecar", ResourceKind.Sidecar, 9, 9, 9.1, 9.5),
        ],
        [
            new PageRecord(complete - 2, 30, 503, false, true, "HTTP 503", false),
            new PageRecord(complete + 1, slowestPageMs, 200, true, false, "", true),
            new PageRecord(complete + 2, 100, 200, true, false, "", true),
        ],
        repetition == 1 ? ["productpage-sidecar outbound reviews: DC×1"] : [], []);
}

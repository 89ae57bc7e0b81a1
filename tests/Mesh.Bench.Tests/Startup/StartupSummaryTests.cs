using Mesh.Bench.Startup;

namespace Mesh.Bench.Tests.Startup;

public sealed class StartupSummaryTests
{
    [Fact]
    public void From_Runs_TakesMediansOfTheRunsThatCameUp()
    {
        StartupRun[] runs =
        [
            Run(1, complete: 40, pages: [Page(120), Page(3500)], sidecarHealthy: 12),
            Run(2, complete: 30, pages: [Page(100), Page(90, error: true)], sidecarHealthy: 10),
            Run(3, complete: 35, pages: [Page(80)], sidecarHealthy: 11),
            new StartupRun(4, null, null, [], [], [], [], "no complete product page within 300 s"),
        ];

        var summary = StartupSummary.From(runs, []);

        Assert.Equal(35, summary.CompletePage);
        Assert.Equal(3500, summary.SlowestPageAfterStartupMs);
        Assert.Equal(2, summary.PagesAfterStartupFailed);
        var sidecar = Assert.Single(summary.Timeline, t => t.Name == "details-sidecar");
        Assert.Equal(11, sidecar.Healthy);
    }

    [Fact]
    public void From_Timeline_IsOrderedByMedianLaunch()
    {
        var summary = StartupSummary.From([Run(1, complete: 20, pages: [], sidecarHealthy: 9)], []);

        Assert.Equal(["dotnet run", "mesh", "details-sidecar"], summary.Timeline.Select(t => t.Name));
    }

    [Fact]
    public void From_SidecarStarts_MedianAndWorst()
    {
        SidecarStart[] starts = [new(30, 60, 8), new(50, 90, 12), new(40, 70, null)];

        var summary = StartupSummary.From([], starts);

        Assert.Equal(40, summary.SidecarListeningMs);
        Assert.Equal(50, summary.SidecarListeningMaxMs);
        Assert.Equal(10, summary.SidecarReadyAfterAnswerMs);
        Assert.Equal(12, summary.SidecarReadyAfterAnswerMaxMs);
        Assert.Null(summary.CompletePage);
    }

    private static StartupRun Run(int repetition, double complete, PageRecord[] pages, double sidecarHealthy) => new(repetition, complete, complete - 1,
        [
            new ResourceTimeline("dotnet run", ResourceKind.Launcher, 0, 0, null, null),
            new ResourceTimeline("mesh", ResourceKind.ControlPlane, 8, 8, 8.5, 9),
            new ResourceTimeline("details-sidecar", ResourceKind.Sidecar, 9.5, 9.5, 9.6, sidecarHealthy),
        ],
        [Page(50, afterStartup: false), .. pages], [], []);

    private static PageRecord Page(double latencyMs, bool error = false, bool afterStartup = true) =>
        new(1, latencyMs, 200, !error, error, error ? "reviews failed" : "", afterStartup);
}

using Mesh.Sidecar.ControlPlane;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.Sidecar.Tests.ControlPlane;

/// <summary>The app prober of a real sidecar, seen through its reports to a fake control plane.</summary>
public sealed class AppProberTests
{
    [Fact]
    public async Task ExecuteAsync_AppStops_ReportsNotServing()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, workload: "reviews-v1", service: "reviews");
        await controlPlane.WaitForReportAsync("reviews-v1", r => r.AppServing, "the sidecar reports its app serving");

        await app.StopAsync();

        await controlPlane.WaitForReportAsync("reviews-v1", r => !r.AppServing, "the sidecar reports its app not serving");
        // The report is signalled before the line is logged, so the log may trail it by a moment.
        await Eventually.WaitUntilAsync(() => sidecar.Logs.Matching("is not serving").Count > 0, "the sidecar logs that its app is not serving");
    }

    [Fact]
    public async Task ExecuteAsync_HealthAnswers404_CountsAsServing()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("details-v1");
        app.HealthStatusCode = StatusCodes.Status404NotFound;
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, workload: "details-v1", service: "details");

        await controlPlane.WaitForReportAsync("details-v1", r => r.AppServing, "the sidecar reports an app without a health endpoint as serving");
    }

    [Fact]
    public async Task ExecuteAsync_HealthAnswers500ThenRecovers_ReportsBoth()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("ratings-v1");
        app.HealthStatusCode = StatusCodes.Status500InternalServerError;
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, workload: "ratings-v1", service: "ratings");
        await Eventually.WaitUntilAsync(() => sidecar.Logs.Matching("HTTP 500").Count > 0, "the prober sees the 500");
        await controlPlane.WaitForReportAsync("ratings-v1", r => !r.AppServing, "the sidecar reports its failing app not serving");

        app.HealthStatusCode = StatusCodes.Status200OK;

        await controlPlane.WaitForReportAsync("ratings-v1", r => r.AppServing, "the sidecar reports its recovered app serving");
    }

    [Fact]
    public async Task ExecuteAsync_CustomProbePath_ProbesThatPath()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress,
            settings: new Dictionary<string, string> { ["AppProbePath"] = "/ready" });

        await Eventually.WaitUntilAsync(() => app.Received.Any(r => r.PathAndQuery == "/ready"), "the prober requests /ready");
    }

    [Fact]
    public async Task ExecuteAsync_AppNotServedYet_ProbesAtTheStartupIntervalThenAtTheProbeInterval()
    {
        var time = new FakeTimeProvider();
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        var status = StatusCodes.Status503ServiceUnavailable;
        app.Handler = (context, _) =>
        {
            context.Response.StatusCode = Volatile.Read(ref status);
            return Task.CompletedTask;
        };
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress,
            builder => builder.Services.AddSingleton<TimeProvider>(time), workload: "reviews-v1", service: "reviews",
            settings: new Dictionary<string, string> { ["AppProbePath"] = "/ready" });
        await Eventually.WaitUntilAsync(() => app.Received.Count >= 1, "the first probe");

        // One second of fake time while the app has not served: a probe every 200 ms, not one a second.
        var beforeServing = await ProbesDuringAsync(time, app, TimeSpan.FromSeconds(1));
        Assert.True(beforeServing >= 3, $"{beforeServing} probes in a second before the app served (expected about 5)");

        Volatile.Write(ref status, StatusCodes.Status200OK);
        await ProbesDuringAsync(time, app, TimeSpan.FromSeconds(1));
        await controlPlane.WaitForReportAsync("reviews-v1", r => r.AppServing, "the sidecar reports its app serving");

        // Served once: back to the probe interval (1 s), however long it serves.
        var afterServing = await ProbesDuringAsync(time, app, TimeSpan.FromSeconds(2));
        Assert.True(afterServing <= 3, $"{afterServing} probes in two seconds after the app served (expected 2)");
    }

    // Advances fake time in 50 ms steps, giving the prober 50 ms of real time after each to probe, and counts the probes.
    private static async Task<int> ProbesDuringAsync(FakeTimeProvider time, FakeApp app, TimeSpan span)
    {
        var before = app.Received.Count;
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += TimeSpan.FromMilliseconds(50))
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(50);
        }

        return app.Received.Count - before;
    }
}

using Mesh.Sidecar.ControlPlane;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;
using static Mesh.Testing.Snapshots;

namespace Mesh.Sidecar.Tests.ControlPlane;

/// <summary>A real sidecar's push-stream client against a fake control plane, and its reconnect schedule on a fake clock.</summary>
public sealed class ControlPlaneClientTests
{
    [Fact]
    public async Task ExecuteAsync_ControlPlaneUnreachable_StaysUpNotReadyLogsOnceThenBecomesReadyWhenItStarts()
    {
        var port = Loopback.GetFreePort();
        var address = $"http://127.0.0.1:{port}";
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(new Uri(address), app.BaseAddress);

        await Eventually.WaitUntilAsync(() => sidecar.Logs.Matching("unreachable").Count > 0, "the sidecar logs the outage");
        var (status, report) = await sidecar.ReadyAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(report.ControlPlaneConnected);
        Assert.Contains("unreachable since", report.Reason, StringComparison.Ordinal);
        var line = Assert.Single(sidecar.Logs.Matching("unreachable"));
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Equal($"Control plane {address} unreachable: Connection refused. Not ready until it answers; retrying every 2s at most", line.Message);
        using (var healthz = await sidecar.Client.GetAsync(new Uri(sidecar.Admin, "/healthz")))
        {
            Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        }

        // Several retries later the outage is still one line (the next comes after 30 s at the earliest).
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(sidecar.Logs.Matching("unreachable"));

        await using var controlPlane = await FakeControlPlane.StartAsync(port);
        controlPlane.PushSnapshot(Create("1"));
        await sidecar.WaitForSnapshotAsync("1");
        var (readyStatus, ready) = await sidecar.ReadyAsync();

        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.True(ready.ControlPlaneConnected);
        Assert.Single(sidecar.Logs.Matching("reachable again"));
    }

    [Fact]
    public async Task ExecuteAsync_Connects_RegistersWorkloadWithLabelsAndBoundInboundAddress()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v2");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, workload: "reviews-v2", service: "reviews",
            settings: new Dictionary<string, string>
            {
                ["Version"] = "v2",
                ["ServiceAccount"] = "bookinfo-reviews",
                ["Labels:team"] = "books",
            });

        await Eventually.WaitUntilAsync(() => controlPlane.Registrations.Count > 0, "the sidecar registers");
        var registration = controlPlane.Registrations[0];

        Assert.Equal("reviews-v2", registration.Workload);
        Assert.Equal("reviews", registration.Service);
        Assert.Equal("v2", registration.Version);
        Assert.Equal("bookinfo-reviews", registration.ServiceAccount);
        Assert.Equal("default", registration.Namespace);
        Assert.Equal($"http://127.0.0.1:{sidecar.Ports.Inbound}", registration.InboundAddress);
        Assert.Equal("reviews", registration.Labels["app"]);
        Assert.Equal("v2", registration.Labels["version"]);
        Assert.Equal("books", registration.Labels["team"]);
    }

    [Fact]
    public async Task ExecuteAsync_SnapshotApplied_AcknowledgesVersionInReport()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, workload: "reviews-v1", service: "reviews");

        controlPlane.PushSnapshot(Create("12"));

        await controlPlane.WaitForReportAsync("reviews-v1", r => r.AppliedVersion == "12", "the sidecar acknowledges snapshot 12");
    }

    [Fact]
    public async Task ExecuteAsync_InvalidSnapshot_RefusesItKeepsLastGoodAndReportsRejection()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("productpage-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, outbound: [new("reviews", "reviews")]);
        controlPlane.PushSnapshot(Create("1"));
        await sidecar.WaitForSnapshotAsync("1");

        controlPlane.PushSnapshot(Create("2", Service("reviews", Endpoint("reviews-v1", new Uri("http://127.0.0.1:9")) with { Address = "not a url" })));

        var report = await controlPlane.WaitForReportAsync("productpage-v1", r => r.RejectedVersion == "2", "the sidecar refuses snapshot 2");
        Assert.Equal("1", report.AppliedVersion);
        Assert.Contains("not a url", report.RejectReason, StringComparison.Ordinal);
        Assert.Equal("1", (await sidecar.ReadyAsync()).Report.SnapshotVersion);
    }

    [Fact]
    public async Task ExecuteAsync_MalformedLine_IgnoresItAndKeepsTheStream()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress);
        await Eventually.WaitUntilAsync(() => controlPlane.OpenStreams == 1, "the sidecar opens its stream");

        controlPlane.WriteLine("{not json");
        controlPlane.PushSnapshot(Create("2"));

        await sidecar.WaitForSnapshotAsync("2");
        Assert.Single(controlPlane.Registrations);
        Assert.Single(sidecar.Logs.Matching("Ignored a stream line"));
    }

    [Fact]
    public async Task ExecuteAsync_StreamSilentForThreePingIntervals_Reconnects()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress,
            settings: new Dictionary<string, string> { ["PingInterval"] = "00:00:00.500" });

        // The fake never pings: after 1.5 s of silence the sidecar gives up on the stream and registers again.
        await Eventually.WaitUntilAsync(() => controlPlane.Registrations.Count >= 2, "the sidecar reopens a silent stream");

        Assert.NotEmpty(sidecar.Logs.Matching("no message for 1.5s (3 × the 0.5s ping interval)"));
    }

    [Fact]
    public async Task ExecuteAsync_PingsArrive_KeepsTheStream()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress,
            settings: new Dictionary<string, string> { ["PingInterval"] = "00:00:01" });
        await Eventually.WaitUntilAsync(() => controlPlane.OpenStreams == 1, "the sidecar opens its stream");

        // Four seconds of pings every 250 ms: well over the 3 s dead-stream limit, never silent for long.
        for (var i = 0; i < 16; i++)
        {
            controlPlane.Ping();
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        Assert.Single(controlPlane.Registrations);
    }

    [Fact]
    public async Task ExecuteAsync_StreamEnded_ReconnectsAndGetsTheSnapshotAgain()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress);
        controlPlane.PushSnapshot(Create("1"));
        await sidecar.WaitForSnapshotAsync("1");

        controlPlane.EndStreams();
        await Eventually.WaitUntilAsync(() => controlPlane.Registrations.Count >= 2, "the sidecar reconnects");
        controlPlane.PushSnapshot(Create("2"));

        await sidecar.WaitForSnapshotAsync("2");
        // A new sidecar says it serves nothing yet; a reconnecting one names what it serves (the start-up sync gate's cue).
        Assert.Null(controlPlane.Registrations[0].ServingVersion);
        Assert.Equal("1", controlPlane.Registrations[1].ServingVersion);
    }

    [Fact]
    public async Task Report_NotFound_ReopensTheStreamToRegisterAgain()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress);
        await Eventually.WaitUntilAsync(() => controlPlane.Registrations.Count == 1, "the sidecar registers");

        controlPlane.ReportStatusCode = StatusCodes.Status404NotFound;
        await Eventually.WaitUntilAsync(() => controlPlane.Registrations.Count >= 2, "the sidecar registers again after a 404");
        controlPlane.ReportStatusCode = StatusCodes.Status200OK;

        Assert.NotEmpty(sidecar.Logs.Matching("no longer knows this sidecar"));
    }

    [Fact]
    public async Task KeepStreamAsync_Outages_RetryAfter250MsDoublingTo2sAndStartOverOnceAStreamHasConnected()
    {
        var time = new ObservedTimeProvider();
        var start = time.GetUtcNow();
        var refused = new ControlPlaneClient.StreamEnd("Connection refused", Connected: false);
        var script = new Queue<ControlPlaneClient.StreamEnd>(
            [refused, refused, refused, refused, refused, new("the control plane closed the stream", Connected: true), refused, refused, refused]);
        var tries = new List<double>();
        var failures = new List<string>();
        using var stop = new CancellationTokenSource();

        var keep = ControlPlaneClient.KeepStreamAsync(ControlPlaneClient.CreateReconnectPipeline(time, failures.Add), _ =>
        {
            tries.Add((time.GetUtcNow() - start).TotalMilliseconds);
            if (script.Count == 1)
            {
                stop.Cancel();
            }

            return ValueTask.FromResult(script.Dequeue());
        }, stop.Token);
        var waits = await time.RunTimersAsync(8);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => keep);
        // The closed stream is the first failure of the next outage: its retries start again from 250 ms.
        Assert.Equal([250, 500, 1000, 2000, 2000, 250, 500, 1000], waits.Select(w => w.TotalMilliseconds));
        Assert.Equal([0, 250, 750, 1750, 3750, 5750, 6000, 6500, 7500], tries);
        Assert.Equal(
            ["Connection refused", "Connection refused", "Connection refused", "Connection refused", "Connection refused",
             "the control plane closed the stream", "Connection refused", "Connection refused", "Connection refused"],
            failures);
    }
}

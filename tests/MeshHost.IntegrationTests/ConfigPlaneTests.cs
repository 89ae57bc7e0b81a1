using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Mesh.Testing;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests;

/// <summary>The configuration plane on Bookinfo: apply, hot reload, refusal, and a control-plane restart.</summary>
[Collection(BookinfoTestGroup.Name)]
public sealed class ConfigPlaneTests(BookinfoFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan SyncTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TrafficPeriod = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Apply_TwentyChanges_EverySidecarAcksEachOne()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var times = new List<double>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var clock = Stopwatch.StartNew();
                var result = await fixture.Mesh.ApplyAsync(RatingsTimeout($"{i + 1}s"), cancel.Token);
                Assert.True(result.Applied, string.Join(Environment.NewLine, result.Messages));
                await fixture.Mesh.WaitForSyncAsync(result.ConfigVersion, cancel.Token).WaitAsync(SyncTimeout, cancel.Token);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        finally
        {
            await fixture.Mesh.DeleteAsync("VirtualService", "default", "ratings-timeout", cancel.Token);
        }

        // The dashboard shows the version in force on the control plane, and each sidecar's applied one.
        var last = (await fixture.Mesh.GetStatusAsync(cancel.Token)).ConfigVersion;
        await Eventually.WaitUntilAsync(() => Task.FromResult(
            Property("mesh", "mesh.config.version") == last.ToString(CultureInfo.InvariantCulture)
            && Property("mesh", "mesh.sidecars.in-sync") == $"{BookinfoFixture.Proxies.Length}/{BookinfoFixture.Proxies.Length}"
            && Property("reviews-v2-sidecar", "mesh.synced") == "yes"), cancel.Token, BookinfoFixture.PollInterval);

        times.Sort();
        var median = (times[9] + times[10]) / 2;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"apply to last ACK over 20 changes: median {median:F0} ms, max {times[^1]:F0} ms"));
        // The aim is under 1 s at the max; the bound here is loose so a busy CI machine does not flake it.
        Assert.True(times[^1] < 10_000, $"max {times[^1]} ms");
    }

    [Fact]
    public async Task Apply_Invalid_IsRefusedWithItsMessage_AndThePreviousVersionStays()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var before = await fixture.Mesh.GetStatusAsync(cancel.Token);

        var result = await fixture.Mesh.ApplyAsync("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews-broken
            spec:
              hosts: [reviews]
              http:
              - route:
                - destination: {host: reviews, subset: v1}
                  weight: 50
                - destination: {host: reviews, subset: v3}
                  weight: 40
            """, cancel.Token);

        Assert.False(result.Applied);
        Assert.Contains(result.Messages, m => m.Contains("spec.http[0].route", StringComparison.Ordinal) && m.Contains("90", StringComparison.Ordinal));
        var after = await fixture.Mesh.GetStatusAsync(cancel.Token);
        Assert.Equal(before.ConfigVersion, after.ConfigVersion);
        Assert.DoesNotContain(await fixture.Mesh.GetResourcesAsync(cancel.Token), r => r.Name == "reviews-broken");
    }

    [Fact]
    public async Task FileSave_InTheConfigFolder_IsAppliedAndReachesEverySidecar()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var path = Path.Combine(fixture.ConfigDirectory, "details-timeout.yaml");
        var before = (await fixture.Mesh.GetStatusAsync(cancel.Token)).ConfigVersion;
        try
        {
            await File.WriteAllTextAsync(path, """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: details-timeout
                spec:
                  hosts: [details]
                  http:
                  - route:
                    - destination: {host: details}
                    timeout: 5s
                """, cancel.Token);

            await Eventually.WaitUntilAsync(async () =>
                (await fixture.Mesh.GetResourcesAsync(cancel.Token)).Any(r => r.Name == "details-timeout" && r.Source == path), cancel.Token, BookinfoFixture.PollInterval);
            var status = await fixture.Mesh.GetStatusAsync(cancel.Token);
            Assert.True(status.ConfigVersion > before);
            await fixture.Mesh.WaitForSyncAsync(status.ConfigVersion, cancel.Token).WaitAsync(SyncTimeout, cancel.Token);
        }
        finally
        {
            File.Delete(path);
            await Eventually.WaitUntilAsync(async () =>
                (await fixture.Mesh.GetResourcesAsync(cancel.Token)).All(r => r.Name != "details-timeout"), cancel.Token, BookinfoFixture.PollInterval);
        }
    }

    [Fact]
    public async Task ControlPlaneRestart_UnderSteadyTraffic_FailsNoRequest_KeepsResources_AndSidecarsResync()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var applied = await fixture.Mesh.ApplyAsync(RatingsTimeout("7s"), cancel.Token);
        Assert.True(applied.Applied, string.Join(Environment.NewLine, applied.Messages));
        var commands = fixture.App.Services.GetRequiredService<ResourceCommandService>();
        await using var logs = new ResourceLogRecorder(fixture.App, ["mesh", "productpage", "productpage-sidecar", "details-sidecar", "details", "reviews-v1-sidecar"]);
        var began = DateTime.UtcNow;

        await WarmUpAsync(cancel.Token);
        using var stopTraffic = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
        var traffic = SteadyTrafficAsync(stopTraffic.Token);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancel.Token);
            var restart = await commands.ExecuteCommandAsync("mesh", KnownResourceCommands.RestartCommand, cancel.Token);
            Assert.True(restart.Success, restart.Message);
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("mesh", cancel.Token);

            // The run-time change survived the restart, and every sidecar is in sync with the new control plane.
            Assert.Contains(await fixture.Mesh.GetResourcesAsync(cancel.Token), r => r.Name == "ratings-timeout" && r.Source == "request");
            var status = await fixture.Mesh.GetStatusAsync(cancel.Token);
            await Eventually.WaitUntilAsync(async () => (await fixture.Mesh.GetStatusAsync(cancel.Token)).Sidecars.Count == BookinfoFixture.Proxies.Length, cancel.Token, BookinfoFixture.PollInterval);
            await fixture.Mesh.WaitForSyncAsync(status.ConfigVersion, cancel.Token).WaitAsync(SyncTimeout, cancel.Token);
            // Traffic goes on after the resync too: a restart that is over in a second or two must still see 20 requests.
            await Task.Delay(TimeSpan.FromSeconds(5), cancel.Token);
        }
        finally
        {
            await stopTraffic.CancelAsync();
            await fixture.Mesh.DeleteAsync("VirtualService", "default", "ratings-timeout", cancel.Token);
        }

        var (succeeded, failures) = await traffic;
        output.WriteLine($"{succeeded} requests through the restart, {failures.Count} failed");
        if (failures.Count > 0)
        {
            failures.ForEach(output.WriteLine);
            logs.WriteTo(output, began, DateTime.UtcNow);
        }

        Assert.Empty(failures);
        Assert.True(succeeded >= 20, $"only {succeeded} requests");
    }

    private string? Property(string resource, string name) => fixture.ResourceProperty(resource, name);

    private static readonly string[] DegradedParts =
    [
        "Error fetching product details",
        "product reviews are currently unavailable",
        "Ratings service is currently unavailable",
    ];

    /// <summary>
    /// Loads the product page until ten in a row answer within a second: the first requests after start-up JIT
    /// every hot path in a dozen processes, and a restart on top of that measures the machine, not the mesh.
    /// </summary>
    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var quick = 0;
        var deadline = Stopwatch.StartNew();
        while (quick < 10 && deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            var clock = Stopwatch.StartNew();
            await fixture.ProductPage.GetStringAsync("/productpage", cancellationToken);
            quick = clock.Elapsed < TimeSpan.FromSeconds(1) ? quick + 1 : 0;
            await Task.Delay(TrafficPeriod, cancellationToken);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm after {deadline.Elapsed.TotalSeconds:F1} s"));
    }

    private async Task<(int Succeeded, List<string> Failures)> SteadyTrafficAsync(CancellationToken stop)
    {
        var succeeded = 0;
        var failures = new List<string>();
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var html = await fixture.ProductPage.GetStringAsync("/productpage", stop);
                var problem = DegradedParts.FirstOrDefault(p => html.Contains(p, StringComparison.Ordinal));
                if (problem is not null)
                {
                    failures.Add(string.Create(CultureInfo.InvariantCulture, $"'{problem}' after {clock.ElapsedMilliseconds} ms at {DateTime.UtcNow:O}"));
                }
                else
                {
                    succeeded++;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (HttpRequestException e)
            {
                failures.Add(e.Message);
            }

            // Steady, not flat out: back to back, productpage and its callers (Debug builds, every hop traced)
            // keep both cores of a CI machine at 100%, and then any extra process start delays some call past
            // Bookinfo's 3 s timeout whatever the mesh does.
            var pause = TrafficPeriod - clock.Elapsed;
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, CancellationToken.None);
            }
        }

        return (succeeded, failures);
    }

    private static string RatingsTimeout(string timeout) => $$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: ratings-timeout
        spec:
          hosts: [ratings]
          http:
          - route:
            - destination: {host: ratings}
            timeout: {{timeout}}
        """;
}

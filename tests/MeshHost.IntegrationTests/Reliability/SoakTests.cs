using System.Globalization;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests.Reliability;

/// <summary>
/// Soak: steady Bookinfo traffic (<see cref="SteadyTraffic"/>) for 60 s, or for <c>MESH_SOAK_SECONDS</c> (600 for the
/// long mode): no request fails, and every proxy's resident memory at the end is at most 10% above its level after
/// warm-up. A leak of a few bytes per request shows within minutes at this rate; the long mode gives it ten.
/// </summary>
[Collection(BookinfoUnderFaults.Name)]
[Trait("Category", "Reliability")]
public sealed class SoakTests(FaultsFixture fixture, ITestOutputHelper output)
{
    /// <summary>The environment variable that sets the soak's length in seconds (CI: 60; long mode: 600).</summary>
    public const string DurationVariable = "MESH_SOAK_SECONDS";

    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Traffic before the first reading: pools filled, the heaps at their working size. Measured: a proxy's resident
    /// memory may step up once, by 3 to 4 MB (7% of a Native AOT sidecar), 20 to 35 s into the traffic, then creeps by
    /// about 0.1 MB a minute.
    /// </summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(40);

    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(10);

    /// <summary>How much a proxy's resident memory may grow from after warm-up to the end.</summary>
    private const double Tolerance = 0.10;

    private static readonly string[] Proxies = [.. BookinfoFixture.Workloads.Select(w => w + "-sidecar"), "gateway"];

    [Fact]
    public async Task Soak_SteadyTraffic_NoRequestFails_AndEveryProxysMemoryEndsWithinTenPercentOfItsLevelAfterWarmUp()
    {
        var duration = Duration();
        using var cancel = new CancellationTokenSource(duration + TimeSpan.FromMinutes(4));
        var ct = cancel.Token;
        using var gateway = await fixture.GatewayClientAsync(ct);
        using (var browser = BookinfoBrowser.Anonymous(fixture))
        {
            output.WriteLine(Format($"warm after {(await browser.WarmUpAsync(ct)).TotalSeconds:F1} s"));
        }

        var traffic = SteadyTraffic.Start(fixture, gateway, marker: false);
        Dictionary<string, int> pids;
        Dictionary<string, long> start, end;
        var series = Proxies.ToDictionary(p => p, _ => new List<long>());
        try
        {
            await Task.Delay(WarmUp, ct);
            pids = Proxies.ToDictionary(p => p, p => MeshProcesses.Serving(fixture, p));
            start = await ReadAsync(pids, ct);
            var soak = System.Diagnostics.Stopwatch.StartNew();
            while (soak.Elapsed < duration)
            {
                await Task.Delay(Min(SampleInterval, duration - soak.Elapsed), ct);
                foreach (var (proxy, pid) in pids)
                {
                    series[proxy].Add(MeshProcesses.ResidentBytes(pid));
                }
            }

            end = await ReadAsync(pids, ct);
        }
        finally
        {
            await traffic.DisposeAsync();
        }

        var report = new TrafficReport(traffic.Calls, killed: null);
        output.WriteLine(Format($"soak {duration.TotalSeconds:F0} s after {WarmUp.TotalSeconds:F0} s of warm-up: {report.Calls.Count} calls, {report.Failures.Count} failed"));
        report.WriteTo(output);
        output.WriteLine(Format($"resident memory (VmRSS), MB: after warm-up → end (change); every {SampleInterval.TotalSeconds:F0} s in between"));
        foreach (var proxy in Proxies)
        {
            output.WriteLine(Format($"  {proxy}: {Mb(start[proxy]):F1} → {Mb(end[proxy]):F1} ({Change(proxy):+0.0%;-0.0%}); {string.Join(" ", series[proxy].Select(b => Mb(b).ToString("F1", CultureInfo.InvariantCulture)))}"));
        }

        Assert.All(Proxies, p => Assert.Equal(pids[p], MeshProcesses.Serving(fixture, p)));
        Assert.True(report.Failures.Count == 0,
            Format($"{report.Failures.Count} of {report.Calls.Count} calls failed, first: {string.Join(" | ", report.Failures.Take(3).Select(f => $"{f.At:HH:mm:ss.fff} {f.Path}: {f.Failure}"))}"));
        Assert.All(Proxies, p => Assert.True(Change(p) <= Tolerance,
            Format($"{p}: resident memory grew {Change(p):P1} during the soak ({Mb(start[p]):F1} MB → {Mb(end[p]):F1} MB), more than {Tolerance:P0}")));

        double Change(string proxy) => (double)(end[proxy] - start[proxy]) / start[proxy];
    }

    /// <summary>
    /// Each proxy's resident memory as the median of five readings a second apart: one reading can fall either side
    /// of a garbage collection.
    /// </summary>
    private static async Task<Dictionary<string, long>> ReadAsync(Dictionary<string, int> pids, CancellationToken cancellationToken)
    {
        var readings = pids.Keys.ToDictionary(p => p, _ => new List<long>());
        for (var i = 0; i < 5; i++)
        {
            if (i > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }

            foreach (var (proxy, pid) in pids)
            {
                readings[proxy].Add(MeshProcesses.ResidentBytes(pid));
            }
        }

        return readings.ToDictionary(r => r.Key, r => r.Value.Order().ElementAt(2));
    }

    private static TimeSpan Duration()
    {
        var value = Environment.GetEnvironmentVariable(DurationVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultDuration;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= 10
            ? TimeSpan.FromSeconds(seconds)
            : throw new InvalidOperationException($"{DurationVariable} is '{value}': expected whole seconds, at least 10 (e.g. 600 for the long mode).");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests;

/// <summary>
/// Istio's Traffic Shifting task (istio.io/latest/docs/tasks/traffic-management/traffic-shifting/) on Bookinfo:
/// reviews from v1 to v3, half the traffic first, then all of it.
/// </summary>
[Collection(BookinfoTestGroup.Name)]
public sealed class TrafficShiftingTests(BookinfoFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Reviews50V3_ThenReviewsV3_SplitsHalfAndHalf_ThenSendsAllToV3()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var mesh = new MeshChanges(fixture, output);
        await using var logs = new ResourceLogRecorder(fixture.App, "productpage", "productpage-sidecar", "reviews-v1-sidecar", "reviews-v3-sidecar", "reviews-v3", "ratings-sidecar");
        using var anonymous = BookinfoBrowser.Anonymous(fixture);
        output.WriteLine($"warm after {await anonymous.WarmUpAsync(cancel.Token)}");
        var began = DateTime.UtcNow;

        await mesh.ApplyAsync("virtual-service-all-v1.yaml", cancel.Token);
        await mesh.ApplyAsync("virtual-service-reviews-50-v3.yaml", cancel.Token);
        var sentBefore = await ReviewsSentByWorkloadAsync(cancel.Token);
        // Four readers at once: the split is decided per request, and 200 pages one after the other take most of a
        // minute on a 2-core machine.
        var split = (await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => anonymous.LoadAsync(50, cancel.Token)))).SelectMany(p => p).ToList();
        var counts = split.GroupBy(p => p.Reviews).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine("50/50: " + string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}")));
        var times = split.Select(p => p.Elapsed.TotalMilliseconds).Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pages: median {times[100]:F0} ms, max {times[^1]:F0} ms, {times.Count(t => t > 3000)} over productpage's 3 s timeout"));
        // What productpage's sidecar sent (retries by productpage included), to tell the split from the pages shown.
        var sentAfter = await ReviewsSentByWorkloadAsync(cancel.Token);
        output.WriteLine("sent by productpage's sidecar: " + string.Join(", ", sentAfter.OrderBy(w => w.Key, StringComparer.Ordinal)
            .Select(w => $"{w.Key} {w.Value - sentBefore.GetValueOrDefault(w.Key)}")));
        var others = split.Where(p => p.Reviews is not ("v1" or "v3")).ToList();
        if (others.Count > 0)
        {
            others.ForEach(p => output.WriteLine($"unexpected: {p}"));
            logs.WriteTo(output, began, DateTime.UtcNow);
        }

        // Nothing but v1 and v3, and each near half: with p = 0.5 over 200 pages one version's count has a
        // standard deviation of about 7, so 60..140 is more than 5 deviations from 100 either way.
        Assert.Equal(200, counts.GetValueOrDefault("v1") + counts.GetValueOrDefault("v3"));
        Assert.InRange(counts.GetValueOrDefault("v1"), 60, 140);
        Assert.InRange(counts.GetValueOrDefault("v3"), 60, 140);

        await mesh.ApplyAsync("virtual-service-reviews-v3.yaml", cancel.Token);
        var all = await anonymous.LoadAsync(20, cancel.Token);

        ProductPageVisit.AssertAllShow("v3", all, "anonymous");
    }

    private async Task<Dictionary<string, long>> ReviewsSentByWorkloadAsync(CancellationToken cancellationToken)
    {
        using var admin = fixture.AdminClient("productpage-sidecar", "admin");
        using var stats = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/stats", UriKind.Relative), cancellationToken));
        return StatsReader.OutboundByWorkload(stats.RootElement, "reviews");
    }
}

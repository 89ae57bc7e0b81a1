using Xunit.Abstractions;

namespace MeshHost.IntegrationTests;

/// <summary>
/// Istio's Request Timeouts task (istio.io/latest/docs/tasks/traffic-management/request-timeouts/) on Bookinfo:
/// reviews v2 with a 2 s delay injected into its calls to ratings, then a half-second timeout on reviews.
/// </summary>
[Collection(BookinfoTestGroup.Name)]
public sealed class RequestTimeoutsTests(BookinfoFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(2);
    private static readonly string[] OnThePath = ["productpage", "productpage-sidecar", "reviews-v2-sidecar", "reviews-v2", "ratings-sidecar"];

    [Fact]
    public async Task RatingsDelayedTwoSeconds_ReviewsV2_PageShowsBlackStarsAfterTwoSeconds()
    {
        using var cancel = new CancellationTokenSource(TestTimeout);
        await using var mesh = new MeshChanges(fixture, output);
        await using var logs = new ResourceLogRecorder(fixture.App, OnThePath);
        using var anonymous = BookinfoBrowser.Anonymous(fixture);
        output.WriteLine($"warm after {await anonymous.WarmUpAsync(cancel.Token)}");
        var began = DateTime.UtcNow;

        await mesh.ApplyAsync("request-timeouts-reviews-v2.yaml", cancel.Token);
        // Step 1 on its own first, as the task's reader sees it: pages through reviews v2 alone, so its calls to
        // ratings are warm before the delay measured below is added to them.
        await anonymous.LoadAsync(2, cancel.Token);
        await mesh.ApplyAsync("request-timeouts-ratings-delay.yaml", cancel.Token);
        var pages = await anonymous.LoadAsync(3, cancel.Token);
        WriteAll(pages);

        // The task: the application works normally, with ratings stars, but every refresh takes 2 seconds.
        AssertWithLogs(logs, began, () =>
        {
            ProductPageVisit.AssertAllShow("v2", pages, "anonymous");
            Assert.All(pages, p => Assert.True(p.Elapsed >= TimeSpan.FromSeconds(2), $"page took {p.Elapsed}, less than the 2 s delay"));
        });
    }

    [Fact]
    public async Task ReviewsTimeoutHalfSecond_RatingsDelayedTwoSeconds_ReviewsUnavailableInAboutOneSecond()
    {
        using var cancel = new CancellationTokenSource(TestTimeout);
        await using var mesh = new MeshChanges(fixture, output);
        await using var logs = new ResourceLogRecorder(fixture.App, OnThePath);
        using var anonymous = BookinfoBrowser.Anonymous(fixture);
        output.WriteLine($"warm after {await anonymous.WarmUpAsync(cancel.Token)}");
        var began = DateTime.UtcNow;

        await mesh.ApplyAsync("request-timeouts-reviews-v2.yaml", cancel.Token);
        // As in the test above: reviews v2's calls to ratings are warm before the delay and timeout are added.
        await anonymous.LoadAsync(2, cancel.Token);
        await mesh.ApplyAsync("request-timeouts-ratings-delay.yaml", cancel.Token);
        await mesh.ApplyAsync("request-timeouts-reviews-timeout.yaml", cancel.Token);
        var pages = await anonymous.LoadAsync(3, cancel.Token);
        WriteAll(pages);

        // The task: the page returns in about 1 second instead of 2, and the reviews are unavailable; 1 s, not
        // 0.5 s, because productpage calls the timing-out reviews twice (its one hard-coded retry).
        AssertWithLogs(logs, began, () =>
        {
            Assert.All(pages, p => Assert.True(p.ShowsReviewsUnavailable, $"expected '{ProductPageVisit.ReviewsUnavailable}', got {p}"));
            Assert.All(pages, p => Assert.True(
                p.Elapsed >= TimeSpan.FromSeconds(0.9) && p.Elapsed < TimeSpan.FromSeconds(2.5), $"page took {p.Elapsed}, expected about 1 s"));
        });
    }

    private void WriteAll(IReadOnlyList<ProductPageVisit> pages)
    {
        foreach (var page in pages)
        {
            output.WriteLine(page.ToString());
        }
    }

    // A timing that is off is read in the logs of the processes on the path, so they are printed with the failure.
    private void AssertWithLogs(ResourceLogRecorder logs, DateTime began, Action assertions)
    {
        try
        {
            assertions();
        }
        catch
        {
            logs.WriteTo(output, began, DateTime.UtcNow);
            throw;
        }
    }
}

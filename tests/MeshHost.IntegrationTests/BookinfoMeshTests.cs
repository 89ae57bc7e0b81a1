using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Mesh.Testing;

namespace MeshHost.IntegrationTests;

[Collection(BookinfoTestGroup.Name)]
public sealed partial class BookinfoMeshTests(BookinfoFixture fixture)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task ProductPage_ThroughTheMesh_RendersDetailsAndReviews()
    {
        using var cancel = new CancellationTokenSource(TestTimeout);

        var html = await fixture.ProductPage.GetStringAsync("/productpage", cancel.Token);

        Assert.Contains("The Comedy of Errors", html, StringComparison.Ordinal);
        Assert.Contains("William Shakespeare", html, StringComparison.Ordinal); // from details
        Assert.Contains("Reviewer1", html, StringComparison.Ordinal);            // from reviews
        Assert.DoesNotContain("Error fetching product details", html, StringComparison.Ordinal);
        Assert.DoesNotContain("reviews are currently unavailable", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductPage_ThirtyRequests_AllReviewsVersionsAnswer_AndSidecarsCountThem()
    {
        using var cancel = new CancellationTokenSource(TestTimeout);
        var outboundBefore = await CountAsync("productpage-sidecar", "outbound", "reviews", cancel.Token);
        var inboundBefore = await InboundReviewsAsync(cancel.Token);

        var versions = new HashSet<string>();
        for (var i = 0; i < 30; i++)
        {
            versions.Add(await ReviewsVersionAsync(cancel.Token));
        }

        Assert.Equal(["v1", "v2", "v3"], versions.Order());
        // Each page is one call to reviews: it left through productpage's sidecar and entered a reviews sidecar.
        Assert.True(await CountAsync("productpage-sidecar", "outbound", "reviews", cancel.Token) - outboundBefore >= 30);
        Assert.True(await InboundReviewsAsync(cancel.Token) - inboundBefore >= 30);
    }

    [Fact]
    public async Task Registry_ListsEveryWorkload_WithServiceVersionAndAccount()
    {
        using var cancel = new CancellationTokenSource(TestTimeout);

        var registry = (await fixture.GetRegistryAsync(cancel.Token)).ToDictionary(e => e.Registration.Workload);

        Assert.Equal(BookinfoFixture.Proxies.Order(), registry.Keys.Order());
        Assert.Equal(("istio-ingressgateway", "v1", "istio-ingressgateway-service-account"), Identity(registry["gateway"].Registration));
        Assert.Equal(("reviews", "v2", "bookinfo-reviews"), Identity(registry["reviews-v2"].Registration));
        Assert.Equal(("details", "v1", "bookinfo-details"), Identity(registry["details"].Registration));
        Assert.Equal(("productpage", "v1", "bookinfo-productpage"), Identity(registry["productpage"].Registration));
        Assert.All(registry.Values, e => Assert.True(e.Serving));
    }

    [Fact]
    public async Task StoppedWorkload_LeavesRegistry_AndCallersStopPickingItWithinTenSeconds()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var commands = fixture.App.Services.GetRequiredService<ResourceCommandService>();

        var stop = await commands.ExecuteCommandAsync("reviews-v3", KnownResourceCommands.StopCommand, cancel.Token);
        Assert.True(stop.Success, stop.Message);
        var stopped = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            using var gone = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
            gone.CancelAfter(TimeSpan.FromSeconds(10));
            await Eventually.WaitUntilAsync(async () => (await fixture.GetRegistryAsync(gone.Token)).All(e => e.Registration.Workload != "reviews-v3"), gone.Token, BookinfoFixture.PollInterval);
            await Eventually.WaitUntilAsync(async () => await ReviewsVersionAsync(gone.Token) != "v3" && await NoV3InAsync(10, gone.Token), gone.Token, BookinfoFixture.PollInterval);
            Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(10), $"took {stopped.Elapsed}");

            // From now on no request may pick the stopped workload.
            Assert.True(await NoV3InAsync(30, cancel.Token));
        }
        finally
        {
            await commands.ExecuteCommandAsync("reviews-v3", KnownResourceCommands.StartCommand, cancel.Token);
            await Eventually.WaitUntilAsync(async () => (await fixture.GetRegistryAsync(cancel.Token)).Any(e => e.Registration.Workload == "reviews-v3"), cancel.Token, BookinfoFixture.PollInterval);
        }
    }

    private async Task<bool> NoV3InAsync(int requests, CancellationToken cancellationToken)
    {
        for (var i = 0; i < requests; i++)
        {
            if (await ReviewsVersionAsync(cancellationToken) == "v3")
            {
                return false;
            }
        }

        return true;
    }

    private async Task<string> ReviewsVersionAsync(CancellationToken cancellationToken)
    {
        var html = await fixture.ProductPage.GetStringAsync("/productpage", cancellationToken);
        var match = ReviewsVersionMarker().Match(html);
        Assert.True(match.Success, "the product page names the reviews version that answered");
        return match.Groups[1].Value;
    }

    private async Task<long> InboundReviewsAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        foreach (var version in new[] { "v1", "v2", "v3" })
        {
            total += await CountAsync($"reviews-{version}-sidecar", "inbound", $"reviews-{version}", cancellationToken);
        }

        return total;
    }

    /// <summary>Reads one request count from a sidecar's <c>/stats</c>.</summary>
    private async Task<long> CountAsync(string sidecar, string direction, string destination, CancellationToken cancellationToken)
    {
        using var admin = fixture.AdminClient(sidecar, "admin");
        using var stats = JsonDocument.Parse(await admin.GetStringAsync("/stats", cancellationToken));
        return StatsReader.Requests(stats.RootElement, direction, destination);
    }

    private static (string, string, string) Identity(Mesh.Model.Registry.WorkloadRegistration r) => (r.Service, r.Version, r.ServiceAccount);

    [GeneratedRegex("data-reviews-version=\"(v[0-9]+)\"")]
    private static partial Regex ReviewsVersionMarker();
}

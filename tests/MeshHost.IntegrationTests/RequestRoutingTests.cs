using Xunit.Abstractions;

namespace MeshHost.IntegrationTests;

/// <summary>
/// Istio's Request Routing task (istio.io/latest/docs/tasks/traffic-management/request-routing/) on Bookinfo:
/// every service pinned to v1, then reviews v2 for the user jason only.
/// </summary>
[Collection(BookinfoTestGroup.Name)]
public sealed class RequestRoutingTests(BookinfoFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task VirtualServiceAllV1_TwentyPages_AllShowReviewsV1()
    {
        using var cancel = new CancellationTokenSource(TestTimeout);
        await using var mesh = new MeshChanges(fixture, output);
        using var anonymous = BookinfoBrowser.Anonymous(fixture);
        output.WriteLine($"warm after {await anonymous.WarmUpAsync(cancel.Token)}");

        await mesh.ApplyAsync("virtual-service-all-v1.yaml", cancel.Token);
        var pages = await anonymous.LoadAsync(20, cancel.Token);

        // The task: the reviews part of the page shows no rating stars however many times it is refreshed.
        ProductPageVisit.AssertAllShow("v1", pages, "anonymous");
    }

    [Fact]
    public async Task VirtualServiceReviewsTestV2_JasonGetsV2_AnonymousStaysOnV1()
    {
        using var cancel = new CancellationTokenSource(TestTimeout);
        await using var mesh = new MeshChanges(fixture, output);
        using var anonymous = BookinfoBrowser.Anonymous(fixture);
        using var jason = await BookinfoBrowser.SignInAsync(fixture, "jason", cancel.Token);
        output.WriteLine($"warm after {await anonymous.WarmUpAsync(cancel.Token)}");

        await mesh.ApplyAsync("virtual-service-all-v1.yaml", cancel.Token);
        await mesh.ApplyAsync("virtual-service-reviews-test-v2.yaml", cancel.Token);
        var jasonPages = await jason.LoadAsync(20, cancel.Token);
        var anonymousPages = await anonymous.LoadAsync(20, cancel.Token);

        // Jason sees star ratings next to each review; anyone else sees no stars, as the task says.
        ProductPageVisit.AssertAllShow("v2", jasonPages, "jason");
        Assert.All(jasonPages, p => Assert.Contains("Signed in as <b>jason</b>", p.Html, StringComparison.Ordinal));
        ProductPageVisit.AssertAllShow("v1", anonymousPages, "anonymous");
    }
}

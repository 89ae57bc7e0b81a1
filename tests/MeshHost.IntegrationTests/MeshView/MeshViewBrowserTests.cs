using System.Globalization;
using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests.MeshView;

/// <summary>
/// The control plane's mesh view in real Chromium on Bookinfo (issue 15's verification): after traffic it draws Bookinfo's
/// edges with rates; a rate changes on the open page when traffic changes, without a reload; an allow-nothing policy's
/// denials appear; clicking reviews lists its routes. It also saves the screenshots the README shows.
/// </summary>
[Collection(BookinfoTestGroup.Name)]
public sealed class MeshViewBrowserTests(BookinfoFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan PageTimeout = MeshViewPage.Timeout;

    private static readonly string[] BookinfoEdges =
    [
        "gateway->productpage", "productpage->details", "productpage->reviews-v1", "productpage->reviews-v2", "productpage->reviews-v3",
        "reviews-v2->ratings", "reviews-v3->ratings",
    ];

    [Fact]
    public async Task MeshView_ShowsBookinfoLive_RateChangesDenialsAndRoutes()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        using var gateway = await fixture.GatewayClientAsync(cancel.Token);
        await using var traffic = new TrafficDriver(gateway, TimeSpan.FromMilliseconds(100));
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.App.GetEndpoint("mesh", "http"), "/mesh").ToString());
        // Set once: a reload would lose it, so finding it later proves the page updated in place.
        await page.EvaluateAsync("() => { window.meshViewLoadedOnce = true; }");

        foreach (var edge in BookinfoEdges)
        {
            await WaitForAsync(page, $"edge {edge} with a rate", async () => await RateAsync(page, edge) > 0);
        }

        Assert.Equal("true", await Edge(page, "productpage->reviews-v2").GetAttributeAsync("data-mtls"));
        await Screenshots.SaveAsync(page, "mesh-view");

        traffic.Pace = Timeout.InfiniteTimeSpan;
        await WaitForAsync(page, "the product page's rate to fall to 0 once traffic stops", async () => await RateAsync(page, "gateway->productpage") == 0);
        traffic.Pace = TimeSpan.FromMilliseconds(50);
        await WaitForAsync(page, "the rate to rise again with traffic", async () => await RateAsync(page, "gateway->productpage") > 1);
        Assert.True(await page.EvaluateAsync<bool>("() => window.meshViewLoadedOnce === true"), "the page was reloaded");

        await using (var policy = new MeshChanges(fixture, output))
        {
            await policy.ApplyAsync("authz-allow-nothing.yaml", cancel.Token);
            await WaitForAsync(page, "denials on gateway -> productpage", async () =>
                int.Parse(await Edge(page, "gateway->productpage").GetAttributeAsync("data-denials") ?? "0", CultureInfo.InvariantCulture) > 0);
            Assert.Contains("denied", await Edge(page, "gateway->productpage").GetAttributeAsync("aria-label"), StringComparison.Ordinal);
        }

        await using var routes = new MeshChanges(fixture, output);
        await routes.ApplyAsync("virtual-service-reviews-v3.yaml", cancel.Token);
        // The service's box, at its title (its versions' nodes fill the rest).
        await page.GetByTestId("node-svc:reviews").ClickAsync(new() { Position = new() { X = 30, Y = 10 } });
        var virtualServices = page.GetByTestId("panel-VirtualService");
        await Assertions.Expect(virtualServices).ToContainTextAsync("default/reviews", new() { Timeout = (float)PageTimeout.TotalMilliseconds });
        await Assertions.Expect(page.GetByTestId("panel-DestinationRule")).ToContainTextAsync("default/reviews");
        await Screenshots.SaveAsync(page, "mesh-view-reviews");
    }

    [Fact]
    public async Task Dashboard_Screenshots_ResourcesTraceAndMeshMetrics()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        using var gateway = await fixture.GatewayClientAsync(cancel.Token);
        for (var i = 0; i < 20; i++)
        {
            using var response = await gateway.GetAsync(new Uri("/productpage", UriKind.Relative), cancel.Token);
        }

        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync(1600, 900);
        var dashboard = DashboardLogin.Of(fixture.App);
        await page.GotoAsync(dashboard.LoginUrl.ToString());
        await Assertions.Expect(page.GetByText("productpage-sidecar").First).ToBeVisibleAsync(new() { Timeout = (float)PageTimeout.TotalMilliseconds });
        await Screenshots.SaveAsync(page, "dashboard-resources");

        // A product page's trace: it starts at the gateway and crosses details' sidecar among others.
        await page.GotoAsync(new Uri(dashboard.BaseUrl, "/traces/resource/gateway").ToString());
        var trace = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "details-sidecar" }).Filter(new() { HasText = "productpage" }).Last;
        await Assertions.Expect(trace).ToBeVisibleAsync(new() { Timeout = (float)PageTimeout.TotalMilliseconds });
        // The list is virtualized and live: after earlier tests' traffic, clicking a row could land on one re-rendered under the
        // pointer. The row's accessible name carries the whole trace id; its detail page is opened by address instead.
        var traceId = Regex.Match(await trace.AriaSnapshotAsync(), "Trace Id: ([0-9a-f]{32})");
        Assert.True(traceId.Success, "the trace row names no trace id");
        await page.GotoAsync(new Uri(dashboard.BaseUrl, "/traces/detail/" + traceId.Groups[1].Value).ToString());
        await Assertions.Expect(page.GetByText("details-sidecar").First).ToBeVisibleAsync(new() { Timeout = (float)PageTimeout.TotalMilliseconds });
        await Screenshots.SaveAsync(page, "dashboard-trace");

        await page.GotoAsync(new Uri(dashboard.BaseUrl,
            "/metrics/resource/productpage-sidecar?meter=Mesh.Sidecar&instrument=mesh.requests&duration=5&view=Graph").ToString());
        await Assertions.Expect(page.GetByText("mesh.requests").First).ToBeVisibleAsync(new() { Timeout = (float)PageTimeout.TotalMilliseconds });
        // The chart is drawn a moment after the page (Plotly's plot container).
        await Assertions.Expect(page.Locator(".js-plotly-plot").First).ToBeVisibleAsync(new() { Timeout = (float)PageTimeout.TotalMilliseconds });
        await page.WaitForTimeoutAsync(2000);
        await Screenshots.SaveAsync(page, "dashboard-metrics");
        output.WriteLine($"screenshots in {Screenshots.Folder}");
    }

    private static ILocator Edge(IPage page, string edge) => MeshViewPage.Edge(page, edge);

    private static Task<double> RateAsync(IPage page, string edge) => MeshViewPage.RateAsync(page, edge);

    private Task WaitForAsync(IPage page, string what, Func<Task<bool>> condition) => MeshViewPage.WaitForAsync(page, what, condition, output);
}

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests;

/// <summary>
/// The dashboard's mesh commands on Bookinfo, executed as the dashboard executes them (<see cref="ResourceCommandService"/>,
/// with the inputs a user fills in): shift reviews to v3 and back, abort ratings and clear it, refuse to override a
/// user's VirtualService; and the gateway's link to the product page.
/// </summary>
[Collection(BookinfoTestGroup.Name)]
public sealed class DashboardCommandsTests(BookinfoFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(3);

    private ResourceCommandService Commands => fixture.App.Services.GetRequiredService<ResourceCommandService>();

    [Fact]
    public async Task ShiftReviewsToV3_AbortRatings_Clear_Reset_EachShowsOnTheProductPage()
    {
        using var cancel = new CancellationTokenSource(TestTimeout);
        using var reader = BookinfoBrowser.Anonymous(fixture);
        output.WriteLine($"warm after {await reader.WarmUpAsync(cancel.Token)}");
        try
        {
            await RunAsync("reviews", "mesh-shift-to-version", cancel.Token, ("version", "v3"));
            var resources = await fixture.Mesh.GetResourcesAsync(cancel.Token);
            Assert.Contains(resources, r => r is { Kind: "VirtualService", Name: "dashboard-reviews", Source: "request" });
            ProductPageVisit.AssertAllShow("v3", await reader.LoadAsync(10, cancel.Token), "anonymous");

            await RunAsync("ratings", "mesh-inject-abort", cancel.Token, ("status", "500"), ("percentage", "100"));
            var aborted = await reader.LoadAsync(5, cancel.Token);
            Assert.All(aborted, p => Assert.True(p.ShowsRatingsUnavailable && p.ReviewsVersion == "v3", $"expected v3 with ratings unavailable, got {p}"));

            await RunAsync("ratings", "mesh-clear-faults", cancel.Token);
            ProductPageVisit.AssertAllShow("v3", await reader.LoadAsync(5, cancel.Token), "anonymous");

            await RunAsync("reviews", "mesh-reset-traffic", cancel.Token);
            var mixed = new List<ProductPageVisit>();
            for (var i = 0; i < 30 && !mixed.Any(p => p.Reviews == "v1"); i++)
            {
                mixed.Add(await reader.LoadAsync(cancel.Token));
            }

            output.WriteLine("after reset: " + string.Join(", ", mixed.Select(p => p.Reviews)));
            Assert.Contains(mixed, p => p.Reviews == "v1");
            Assert.DoesNotContain(await fixture.Mesh.GetResourcesAsync(cancel.Token), r => r.Name.StartsWith("dashboard-", StringComparison.Ordinal));
        }
        finally
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Commands.ExecuteCommandAsync("reviews", "mesh-reset-traffic", cleanup.Token);
            await Commands.ExecuteCommandAsync("ratings", "mesh-clear-faults", cleanup.Token);
        }
    }

    [Fact]
    public async Task InjectAbort_UsersVirtualServiceForRatings_IsRefusedNamingIt()
    {
        using var cancel = new CancellationTokenSource(TestTimeout);
        await using var mesh = new MeshChanges(fixture, output);
        await mesh.ApplyAsync("virtual-service-ratings-test-abort.yaml", cancel.Token);

        var result = await Commands.ExecuteCommandAsync("ratings", "mesh-inject-abort", Arguments(("status", "500"), ("percentage", "100")), cancel.Token);

        output.WriteLine(result.Message);
        Assert.False(result.Success);
        Assert.StartsWith("Refused: VirtualService default/ratings (from request) already routes 'ratings'", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await fixture.Mesh.GetResourcesAsync(cancel.Token), r => r.Name == "dashboard-ratings");
    }

    [Fact]
    public async Task Gateway_LinksToTheProductPageThroughIt()
    {
        using var cancel = new CancellationTokenSource(TestTimeout);
        using var gateway = await fixture.GatewayClientAsync(cancel.Token);
        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState("gateway", out var state));

        var link = Assert.Single(state.Snapshot.Urls, u => u.DisplayProperties.DisplayName == "Bookinfo (through the gateway)");

        Assert.Equal(gateway.BaseAddress!.GetLeftPart(UriPartial.Authority) + "/productpage", link.Url);
        using var page = await gateway.GetAsync(new Uri(link.Url), cancel.Token);
        Assert.True(page.IsSuccessStatusCode, $"GET {link.Url}: {(int)page.StatusCode}");
    }

    [Fact]
    public async Task SidecarViews_AndEffectiveConfig_AnswerWithTheirData()
    {
        using var cancel = new CancellationTokenSource(TestTimeout);

        var certificate = await Commands.ExecuteCommandAsync("ratings-sidecar", "mesh-proxy-certificate", cancel.Token);
        var effective = await Commands.ExecuteCommandAsync("mesh", "mesh-effective-config", cancel.Token);
        var analysis = await Commands.ExecuteCommandAsync("mesh", "mesh-analyze", cancel.Token);

        Assert.True(certificate.Success, certificate.Message);
        Assert.Contains("bookinfo-ratings", certificate.Data!.Value, StringComparison.Ordinal);
        Assert.True(effective.Success, effective.Message);
        Assert.Contains("| DestinationRule | default/reviews |", effective.Data!.Value, StringComparison.Ordinal);
        Assert.True(analysis.Success, analysis.Message);
        output.WriteLine(analysis.Message);
    }

    /// <summary>Runs a command as the dashboard does, asserts it succeeded, and waits until every sidecar has its change.</summary>
    private async Task RunAsync(string resource, string command, CancellationToken cancellationToken, params (string Name, string Value)[] arguments)
    {
        var result = await Commands.ExecuteCommandAsync(resource, command, Arguments(arguments), cancellationToken);
        output.WriteLine($"{resource} {command}: {result.Message}");
        Assert.True(result.Success, $"{resource} {command}: {result.Message}");
        var status = await fixture.Mesh.GetStatusAsync(cancellationToken);
        await fixture.Mesh.WaitForSyncAsync(status.ConfigVersion, cancellationToken);
    }

    private static InteractionInputCollection Arguments(params (string Name, string Value)[] arguments) =>
        new([.. arguments.Select(a => new InteractionInput { Name = a.Name, InputType = InputType.Text, Value = a.Value })]);
}

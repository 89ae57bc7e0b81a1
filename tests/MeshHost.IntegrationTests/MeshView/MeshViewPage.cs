using System.Globalization;
using Mesh.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests.MeshView;

/// <summary>What the browser tests read on the open mesh view: an edge's live rate, and waiting for the page to show something.</summary>
internal static class MeshViewPage
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    public static ILocator Edge(IPage page, string edge) => page.GetByTestId("edge-" + edge);

    /// <summary>The edge's request rate as drawn (<c>data-rate</c>), or -1 while the page draws no such edge.</summary>
    public static async Task<double> RateAsync(IPage page, string edge)
    {
        var locator = Edge(page, edge);
        return await locator.CountAsync() == 0
            ? -1
            : double.Parse(await locator.GetAttributeAsync("data-rate") ?? "-1", CultureInfo.InvariantCulture);
    }

    /// <summary>Polls the open page until <paramref name="condition"/> holds; on time-out, says what the page showed.</summary>
    public static async Task WaitForAsync(IPage page, string what, Func<Task<bool>> condition, ITestOutputHelper output)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await Eventually.WaitUntilAsync(condition, timeout.Token, BookinfoFixture.PollInterval);
        }
        catch (OperationCanceledException)
        {
            var edges = await page.Locator("[data-testid^='edge-']").EvaluateAllAsync<string[]>("all => all.map(e => e.getAttribute('aria-label'))");
            output.WriteLine($"Waited {Timeout.TotalSeconds} s for {what}; the page showed: {string.Join(Environment.NewLine, edges)}");
            throw new TimeoutException($"The mesh view never showed {what}. Edges shown: {string.Join("; ", edges)}");
        }
    }
}

using Microsoft.Playwright;

namespace MeshHost.IntegrationTests.MeshView;

/// <summary>
/// The system's Chromium (Debian's <c>chromium</c> package, which <c>.ci/run</c> installs) driven by Playwright, headless.
/// Playwright's own browser download is never used: <c>MESH_CHROMIUM</c> names the executable, else <c>/usr/bin/chromium</c>.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private const string DefaultPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var path = Environment.GetEnvironmentVariable("MESH_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultPath;
        Assert.True(File.Exists(path),
            $"No Chromium at '{path}': the mesh view's browser test needs one. Install Debian's 'chromium' package (.ci/run does) or set MESH_CHROMIUM to a Chromium executable.");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = true,
                // CI runs as root, where Chromium's sandbox cannot start.
                Args = ["--no-sandbox"],
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A new page of <paramref name="width"/> by <paramref name="height"/> pixels.</summary>
    public async Task<IPage> NewPageAsync(int width = 1400, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}

using Microsoft.Playwright;

namespace MeshHost.IntegrationTests.MeshView;

/// <summary>
/// Where the browser tests save their screenshots: the folder <c>MESH_SCREENSHOTS</c> names (e.g. <c>docs/images</c>, to
/// refresh the README's), else a folder under the test run's temp directory.
/// </summary>
internal static class Screenshots
{
    public static string Folder { get; } = Environment.GetEnvironmentVariable("MESH_SCREENSHOTS") is { Length: > 0 } folder
        ? Path.GetFullPath(folder)
        : Path.Combine(Path.GetTempPath(), "mesh-screenshots");

    /// <summary>Saves the page as <paramref name="name"/>.png and returns its path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }
}

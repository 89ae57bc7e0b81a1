using Mesh.ControlPlane.Configuration;
using Mesh.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.ControlPlane.Tests.Configuration;

/// <summary>A config folder entry that cannot be read is reported and refused; it never ends the control plane.</summary>
public sealed class ConfigFolderFailureTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mesh-folder-");

    [Fact]
    public void Read_EntryThatIsNoReadableFile_IsOneErrorNamingIt()
    {
        var path = Directory.CreateDirectory(Path.Combine(_folder.FullName, "rules.yaml")).FullName;

        var error = Assert.Single(ConfigFiles.Read(path).Diagnostics);

        Assert.True(error.IsError);
        Assert.Equal(path, error.Source);
        Assert.StartsWith("cannot read the file: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watcher_HandlerThatThrows_IsLoggedOnTheTimerThreadAndWatchingGoesOn()
    {
        var time = new FakeTimeProvider();
        using var logs = new LogCapture();
        var calls = 0;
        using var watcher = new ConfigDirectoryWatcher(_folder.FullName, time, _ =>
        {
            calls++;
            throw new UnauthorizedAccessException("Access to the path 'rules.yaml' is denied.");
        }, logs.CreateLogger("watcher"));

        await File.WriteAllTextAsync(Path.Combine(_folder.FullName, "rules.yaml"), "kind: List\n");
        await Eventually.WaitUntilAsync(() =>
        {
            time.Advance(ConfigDirectoryWatcher.QuietPeriod);
            return calls > 0;
        }, "the watcher reports the save");

        var line = Assert.Single(logs.Matching("Could not apply the config folder's change"));
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains("rules.yaml", line.Message, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(_folder.FullName, "other.yaml"), "kind: List\n");
        await Eventually.WaitUntilAsync(() =>
        {
            time.Advance(ConfigDirectoryWatcher.QuietPeriod);
            return calls > 1;
        }, "the watcher reports the next save");
    }

    [Fact]
    public void Load_ConfigFolderThatIsGone_StartsAndReportsIt()
    {
        var rejections = new ConfigRejections();
        var missing = Path.Combine(_folder.FullName, "missing");
        var store = TestConfigStore.Create(TestConfigStore.Bookinfo(configDirectory: missing), rejections);

        store.Load();

        Assert.Contains(rejections.Newest, r => r.Contains("cannot list the config folder", StringComparison.Ordinal));
        Assert.Empty(store.Current.Resources);
    }

    [Fact]
    public void Load_FileNestedPastTheLimit_StartsWithoutItAndReportsIt()
    {
        var config = Directory.CreateDirectory(Path.Combine(_folder.FullName, "config"));
        File.WriteAllText(Path.Combine(config.FullName, "deep.yaml"), new string('[', 100_000));
        var rejections = new ConfigRejections();
        var store = TestConfigStore.Create(TestConfigStore.Bookinfo(configDirectory: config.FullName), rejections);

        store.Load();

        Assert.Contains(rejections.Newest, r => r.Contains("deep.yaml", StringComparison.Ordinal) && r.Contains("nest more than 64 deep", StringComparison.Ordinal));
        Assert.Empty(store.Current.Resources);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}

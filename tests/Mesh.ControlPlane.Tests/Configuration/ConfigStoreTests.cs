using Mesh.Testing;
using Microsoft.Extensions.Logging;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Tests.Configuration;

public sealed class ConfigStoreTests : IDisposable
{
    private const string ReviewsSubsets = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews}
        spec:
          host: reviews
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v3, labels: {version: v3}}
        """;

    private const string FiftyFifty = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - route:
            - {destination: {host: reviews, subset: v1}, weight: 50}
            - {destination: {host: reviews, subset: v3}, weight: 50}
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mesh-store-");
    private readonly ConfigRejections _rejections = new();

    [Fact]
    public void Apply_Valid_BecomesANewVersionFromTheRequest()
    {
        var store = Loaded();

        var result = store.Apply(ReviewsSubsets + "\n---\n" + FiftyFifty);

        Assert.True(result.Applied, string.Join("\n", result.Diagnostics));
        Assert.Equal(store.Current.Version, result.Version);
        Assert.Equal(["DestinationRule default/reviews", "VirtualService default/reviews"], result.Resources);
        Assert.All(store.Current.Sources.Values, s => Assert.Equal(ConfigSources.Request, s));
    }

    [Fact]
    public void Apply_UndefinedSubset_IsRefused_AndTheVersionStays()
    {
        var store = Loaded();
        var before = store.Current;

        var result = store.Apply(FiftyFifty);

        Assert.False(result.Applied);
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Path is not null && d.Path.StartsWith("spec.http[0].route", StringComparison.Ordinal));
        Assert.Same(before, store.Current);
    }

    [Fact]
    public void Apply_ThenRestart_ReplaysRunTimeChangesFromTheStateFolder()
    {
        var first = Loaded();
        Assert.True(first.Apply(ReviewsSubsets).Applied);
        Assert.True(first.Apply(FiftyFifty).Applied);
        Assert.True(first.Delete("VirtualService", "default", "reviews").Applied);

        var restarted = Loaded();

        var names = restarted.Current.Resources.Select(r => r.DisplayName).ToArray();
        Assert.Equal(["DestinationRule default/reviews"], names);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_folder.FullName, "state")));
        }
    }

    [Fact]
    public void Load_SavedRunTimeChanges_SaysWhichItReplaysAndHowToClearThem()
    {
        var first = Loaded();
        Assert.True(first.Apply(ReviewsSubsets).Applied);
        using var logs = new LogCapture();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));

        var restarted = TestConfigStore.Create(TestConfigStore.Bookinfo(Path.Combine(_folder.FullName, "state")), _rejections, factory);
        restarted.Load();

        var line = Assert.Single(logs.Matching("Replaying 1 run-time change"));
        Assert.Contains("DestinationRule default/reviews", line.Message, StringComparison.Ordinal);
        Assert.Contains("runtime-changes.jsonl", line.Message, StringComparison.Ordinal);
        Assert.Contains("DELETE /v1/changes", line.Message, StringComparison.Ordinal);
        Assert.Contains("Clear run-time changes", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClearRuntime_RemovesEveryRunTimeResource_AndTheNextStartReplaysNone()
    {
        var config = Directory.CreateDirectory(Path.Combine(_folder.FullName, "config"));
        File.WriteAllText(Path.Combine(config.FullName, "reviews.yaml"), ReviewsSubsets);
        var store = Loaded(config.FullName);
        Assert.True(store.Apply(FiftyFifty).Applied);

        var result = store.ClearRuntime();

        Assert.True(result.Applied);
        Assert.Equal(["VirtualService default/reviews"], result.Resources);
        Assert.Equal(["DestinationRule default/reviews"], store.Current.Resources.Select(r => r.DisplayName));
        Assert.Equal(["DestinationRule default/reviews"], Loaded(config.FullName).Current.Resources.Select(r => r.DisplayName));
    }

    [Fact]
    public void ClearRuntime_FileNeedsARunTimeResource_IsRefusedAndNothingChanges()
    {
        var config = Directory.CreateDirectory(Path.Combine(_folder.FullName, "config"));
        var store = Loaded(config.FullName);
        Assert.True(store.Apply(ReviewsSubsets).Applied);
        var file = Path.Combine(config.FullName, "vs.yaml");
        File.WriteAllText(file, FiftyFifty);
        store.OnFilesChanged([file]);
        Assert.Contains(store.Current.Sources.Values, source => source == file);
        var before = store.Current;

        var result = store.ClearRuntime();

        Assert.False(result.Applied);
        Assert.Same(before, store.Current);
    }

    [Fact]
    public void Delete_Unknown_IsRefusedNamingIt()
    {
        var result = Loaded().Delete("VirtualService", "default", "nope");

        Assert.False(result.Applied);
        Assert.Contains(result.Diagnostics, d => d.Message == "VirtualService default/nope does not exist");
    }

    [Fact]
    public void FileSave_Invalid_IsRefused_AndTheFilesLastGoodVersionStays()
    {
        var config = Directory.CreateDirectory(Path.Combine(_folder.FullName, "config"));
        var file = Path.Combine(config.FullName, "reviews.yaml");
        File.WriteAllText(file, ReviewsSubsets);
        var store = Loaded(config.FullName);
        Assert.Equal(file, store.Current.Sources.Values.Single());
        var before = store.Current;

        File.WriteAllText(file, "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews}\nspec:\n  host: [oops\n");
        store.OnFilesChanged([file]);

        Assert.Same(before, store.Current);
        Assert.Contains(_rejections.Newest, r => r.Contains("reviews.yaml", StringComparison.Ordinal) && r.Contains("line", StringComparison.Ordinal));

        File.WriteAllText(file, ReviewsSubsets.Replace("v3", "v2", StringComparison.Ordinal));
        store.OnFilesChanged([file]);
        Assert.Equal(before.Version + 1, store.Current.Version);
    }

    private ConfigStore Loaded(string? configDirectory = null)
    {
        var store = TestConfigStore.Create(TestConfigStore.Bookinfo(Path.Combine(_folder.FullName, "state"), configDirectory), _rejections);
        store.Load();
        return store;
    }

    public void Dispose() => _folder.Delete(recursive: true);
}

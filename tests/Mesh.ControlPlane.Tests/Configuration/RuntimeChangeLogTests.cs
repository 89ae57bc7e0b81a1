using System.Text;
using Mesh.ControlPlane.Configuration;
using Mesh.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Tests.Configuration;

/// <summary>The run-time change log survives a crash at any byte and stays bounded however many changes it records.</summary>
public sealed class RuntimeChangeLogTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mesh-change-log-");
    private readonly LogCapture _logs = new();

    private string StateDirectory => Path.Combine(_folder.FullName, "state");

    private string LogFile => Path.Combine(StateDirectory, RuntimeChangeLog.FileName);

    [Fact]
    public void Replay_CrashAtAnyByteOfTheLastRecord_KeepsEveryCompleteRecordAndSkipsTheRest()
    {
        var log = Open();
        log.RecordApply(Rule("ratings"));
        log.RecordApply(Rule("reviews") + "---\n" + Rule("details"));
        log.RecordDelete(new("networking.istio.io", "DestinationRule", "default", "reviews"));
        var whole = File.ReadAllBytes(LogFile);
        var ends = Enumerable.Range(0, whole.Length).Where(i => whole[i] == (byte)'\n').ToArray();

        for (var length = 0; length <= whole.Length; length++)
        {
            File.WriteAllBytes(LogFile, whole[..length]);

            var (resources, _) = Open().Replay();

            var complete = ends.Count(end => end < length);
            string[] expected = complete switch
            {
                0 => [],
                1 => ["ratings"],
                2 => ["details", "ratings", "reviews"],
                _ => ["details", "ratings"],
            };
            Assert.Equal(expected, resources.Keys.Select(k => k.Name).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Replay_TornLastLine_WarnsAndTheNextChangeIsRecordedWhole()
    {
        var log = Open();
        log.RecordApply(Rule("ratings"));
        File.AppendAllText(LogFile, """{"operation":"apply","text":"apiVers""");

        var reopened = Open();
        var (resources, _) = reopened.Replay();
        reopened.RecordApply(Rule("details"));

        Assert.Equal(["ratings"], resources.Keys.Select(k => k.Name));
        var warning = Assert.Single(_logs.Matching("stopped while writing it"));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(LogFile, warning.Message, StringComparison.Ordinal);
        Assert.Equal(["details", "ratings"], Open().Replay().Resources.Keys.Select(k => k.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Replay_UnreadableLineInTheMiddle_IsSkippedNamingItsLine()
    {
        Open().RecordApply(Rule("ratings"));
        File.AppendAllText(LogFile, "not json\n");
        Open().RecordApply(Rule("details"));

        var (resources, _) = Open().Replay();

        Assert.Equal(["details", "ratings"], resources.Keys.Select(k => k.Name).Order(StringComparer.Ordinal));
        Assert.Single(_logs.Matching("skipped line 2"));
    }

    [Fact]
    public void Record_TheSameResourceAThousandTimes_KeepsTheLogBounded()
    {
        var log = Open();
        log.Replay();
        for (var i = 0; i < 1000; i++)
        {
            log.RecordApply(Rule("reviews", host: $"reviews-{i}"));
            log.RecordDelete(new("networking.istio.io", "DestinationRule", "default", "reviews"));
        }

        log.RecordApply(Rule("reviews", host: "reviews-last"));

        Assert.True(File.ReadAllLines(LogFile).Length <= 2 * RuntimeChangeLog.CompactionFloor + 1, $"{File.ReadAllLines(LogFile).Length} lines");
        var (resources, _) = Open().Replay();
        Assert.Contains("reviews-last", resources.Values.Single().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_CompactsTheLog_ToTheChangesStillInForce()
    {
        var log = Open();
        log.RecordApply(Rule("ratings") + "---\n" + Rule("reviews"));
        log.RecordApply(Rule("details"));
        log.RecordDelete(new("networking.istio.io", "DestinationRule", "default", "reviews"));
        log.RecordApply(Rule("details", host: "details-2"));

        var before = Open().Replay().Resources;
        var lines = File.ReadAllLines(LogFile);

        // The first apply still sets ratings (so its delete of reviews stays); the first details apply was replaced.
        Assert.Equal(3, lines.Length);
        Assert.DoesNotContain(lines, l => l.Contains("host: details\\n", StringComparison.Ordinal));
        var after = Open().Replay().Resources;
        Assert.Equal(before.Keys.Select(k => k.Name).Order(StringComparer.Ordinal), after.Keys.Select(k => k.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["details", "ratings"], after.Keys.Select(k => k.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Clear_ForgetsEveryChange()
    {
        var log = Open();
        log.RecordApply(Rule("ratings"));

        log.Clear();

        Assert.Empty(Open().Replay().Resources);
        Assert.Equal(0, new FileInfo(LogFile).Length);
    }

    private RuntimeChangeLog Open()
    {
        var options = new ConfigSourceOptions { StateDirectory = StateDirectory };
        using var factory = LoggerFactory.Create(b => b.AddProvider(_logs));
        return new RuntimeChangeLog(Options.Create(options), factory.CreateLogger<RuntimeChangeLog>());
    }

    private static string Rule(string name, string? host = null) => $"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: {name}
          namespace: default
        spec:
          host: {host ?? name}

        """;

    public void Dispose()
    {
        _logs.Dispose();
        _folder.Delete(recursive: true);
    }
}

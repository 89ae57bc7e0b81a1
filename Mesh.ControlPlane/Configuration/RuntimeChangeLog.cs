using Mesh.Model.Resources;
using Mesh.Model.State;
using Mesh.Model.Validation;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Configuration;

/// <summary>
/// Keeps run-time changes (admin API applies and deletes) across control-plane restarts: an append-only
/// log of operations in the per-AppHost state folder, replayed in order at start-up. Replaying the requests
/// themselves, rather than a dump of the typed resources, keeps every field exactly as the user wrote it.
/// A crash can stop a write at any byte: a torn last line is skipped with a warning, and the log is rewritten whole
/// (write, then rename) at every start and whenever it has grown to twice what its changes need, so it stays bounded.
/// </summary>
internal sealed partial class RuntimeChangeLog
{
    public const string FileName = RuntimeChangeLogFormat.FileName;

    /// <summary>A log this short is never compacted: rewriting it would cost more than it saves.</summary>
    internal const int CompactionFloor = 64;

    // Null when the control plane has no state folder: run-time changes then live in memory only.
    private readonly string? _path;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private List<RuntimeChange> _changes = [];
    private int _keptAtCompaction;

    public RuntimeChangeLog(IOptions<ConfigSourceOptions> options, ILogger<RuntimeChangeLog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        var stateDirectory = options.Value.StateDirectory;
        if (string.IsNullOrWhiteSpace(stateDirectory))
        {
            return;
        }

        StateFiles.CreateOwnerOnlyDirectory(stateDirectory);
        _path = Path.Combine(stateDirectory, FileName);
    }

    /// <summary>The log's file, or <see langword="null"/> without a state folder.</summary>
    public string? FilePath => _path;

    /// <summary>
    /// The run-time layer the log leads to, every change replayed in order, and the log rewritten compacted. An apply
    /// whose text no longer reads (the reader grew stricter) is skipped; its diagnostics come back for the log.
    /// </summary>
    public (Dictionary<ResourceKey, ConfigResource> Resources, IReadOnlyList<ConfigDiagnostic> Skipped) Replay()
    {
        lock (_lock)
        {
            _changes = ReadAll();
            var replay = RuntimeChangeReplay.Of(_changes);
            Rewrite(replay.Compacted());
            return (replay.Resources, replay.Skipped);
        }
    }

    /// <summary>Records an apply of <paramref name="text"/>, the request body as the user sent it.</summary>
    public void RecordApply(string text) => Append(RuntimeChange.Apply(text));

    /// <summary>Records the delete of one run-time resource.</summary>
    public void RecordDelete(ResourceKey key) => Append(RuntimeChange.Delete(key));

    /// <summary>Forgets every run-time change.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            Rewrite([]);
        }
    }

    private List<RuntimeChange> ReadAll()
    {
        if (_path is null || !File.Exists(_path))
        {
            return [];
        }

        var (changes, skipped) = RuntimeChangeLogFormat.Parse(File.ReadAllText(_path));
        foreach (var line in skipped)
        {
            // Every record ends with a newline; text after the last one is a write the control plane did not finish.
            if (line.Torn)
            {
                Log.TornLine(_logger, _path, line.Length);
            }
            else
            {
                Log.UnreadableLine(_logger, _path, line.Number);
            }
        }

        return changes;
    }

    private void Append(RuntimeChange change)
    {
        lock (_lock)
        {
            _changes.Add(change);
            if (_path is null)
            {
                return;
            }

            if (_changes.Count > CompactionFloor && _changes.Count > 2 * _keptAtCompaction)
            {
                Rewrite(RuntimeChangeReplay.Of(_changes).Compacted());
                return;
            }

            using var file = StateFiles.OpenOwnerOnly(_path, FileMode.Append);
            file.Write(RuntimeChangeLogFormat.Line(change));
            file.Flush(flushToDisk: true);
        }
    }

    // Caller holds _lock. The new log is written whole beside the old one and renamed over it, so a crash leaves one
    // or the other, never a mixture.
    private void Rewrite(List<RuntimeChange> changes)
    {
        _changes = changes;
        _keptAtCompaction = changes.Count;
        if (_path is null)
        {
            return;
        }

        var temporary = _path + ".tmp";
        using (var file = StateFiles.OpenOwnerOnly(temporary, FileMode.Create))
        {
            foreach (var change in changes)
            {
                file.Write(RuntimeChangeLogFormat.Line(change));
            }

            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 306, Level = LogLevel.Warning,
            Message = "{Path}: skipped the last line ({Length} characters without its end of line): the control plane stopped while writing it, so that change was never confirmed")]
        public static partial void TornLine(ILogger logger, string path, int length);

        [LoggerMessage(EventId = 307, Level = LogLevel.Warning, Message = "{Path}: skipped line {Line}, which is not a run-time change record")]
        public static partial void UnreadableLine(ILogger logger, string path, int line);
    }
}

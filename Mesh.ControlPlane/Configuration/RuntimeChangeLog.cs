using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.ControlPlane.Configuration;

/// <summary>
/// Keeps run-time changes (admin API applies and deletes) across control-plane restarts: an append-only
/// log of operations in the per-AppHost state folder, replayed in order at start-up. Replaying the requests
/// themselves, rather than a dump of the typed resources, keeps every field exactly as the user wrote it.
/// </summary>
internal sealed class RuntimeChangeLog
{
    internal const string FileName = "runtime-changes.jsonl";

    private readonly string? _path;
    private readonly Lock _lock = new();

    public RuntimeChangeLog(string? stateDirectory)
    {
        if (string.IsNullOrWhiteSpace(stateDirectory))
        {
            return;
        }

        CreateOwnerOnlyDirectory(stateDirectory);
        _path = Path.Combine(stateDirectory, FileName);
    }

    /// <summary>Where the log is kept; null when the control plane has no state folder (changes then live in memory).</summary>
    public string? FilePath => _path;

    public IReadOnlyList<RuntimeChange> ReadAll()
    {
        if (_path is null || !File.Exists(_path))
        {
            return [];
        }

        var changes = new List<RuntimeChange>();
        foreach (var line in File.ReadLines(_path))
        {
            if (line.Length > 0)
            {
                changes.Add(JsonSerializer.Deserialize(line, RuntimeChangeJsonContext.Default.RuntimeChange)
                    ?? throw new InvalidDataException($"{_path}: an empty change record"));
            }
        }

        return changes;
    }

    public void Append(RuntimeChange change)
    {
        if (_path is null)
        {
            return;
        }

        var line = JsonSerializer.Serialize(change, RuntimeChangeJsonContext.Default.RuntimeChange) + "\n";
        lock (_lock)
        {
            var created = !File.Exists(_path);
            File.AppendAllText(_path, line);
            if (created && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }

    private static void CreateOwnerOnlyDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // Owner-only: the folder will also hold the mesh's certificate authority key.
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}

/// <summary>One run-time change: an apply (with the request's text) or a delete (with the resource's identity).</summary>
internal sealed record RuntimeChange
{
    public const string ApplyOperation = "apply";
    public const string DeleteOperation = "delete";

    public required string Operation { get; init; }

    public string? Text { get; init; }

    public string? Group { get; init; }

    public string? Kind { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RuntimeChange))]
internal sealed partial class RuntimeChangeJsonContext : JsonSerializerContext;

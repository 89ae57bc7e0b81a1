using System.Text.Json;
using Mesh.Model.Parsing;
using Mesh.Model.Resources;
using Mesh.Model.Validation;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Configuration;

/// <summary>
/// Keeps run-time changes (admin API applies and deletes) across control-plane restarts: an append-only
/// log of operations in the per-AppHost state folder, replayed in order at start-up. Replaying the requests
/// themselves, rather than a dump of the typed resources, keeps every field exactly as the user wrote it.
/// </summary>
internal sealed class RuntimeChangeLog
{
    private const string FileName = "runtime-changes.jsonl";

    // Null when the control plane has no state folder: run-time changes then live in memory only.
    private readonly string? _path;
    private readonly Lock _lock = new();

    public RuntimeChangeLog(IOptions<ConfigSourceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stateDirectory = options.Value.StateDirectory;
        if (string.IsNullOrWhiteSpace(stateDirectory))
        {
            return;
        }

        CreateOwnerOnlyDirectory(stateDirectory);
        _path = Path.Combine(stateDirectory, FileName);
    }

    /// <summary>
    /// The run-time layer the log leads to, every change replayed in order. An apply whose text no longer
    /// reads (the reader grew stricter) is skipped; its diagnostics come back for the log.
    /// </summary>
    public (Dictionary<ResourceKey, ConfigResource> Resources, IReadOnlyList<ConfigDiagnostic> Skipped) Replay()
    {
        var resources = new Dictionary<ResourceKey, ConfigResource>();
        var skipped = new List<ConfigDiagnostic>();
        foreach (var change in ReadAll())
        {
            if (change.Operation == RuntimeChange.ApplyOperation && change.Text is { } text)
            {
                var read = ResourceReader.Read(text, ConfigSources.Request);
                if (read.HasErrors)
                {
                    skipped.AddRange(read.Diagnostics);
                    continue;
                }

                foreach (var resource in read.Resources)
                {
                    resources[resource.Key] = resource;
                }
            }
            else if (change.Operation == RuntimeChange.DeleteOperation)
            {
                resources.Remove(new ResourceKey(change.Group ?? "", change.Kind ?? "", change.Namespace ?? "", change.Name ?? ""));
            }
        }

        return (resources, skipped);
    }

    /// <summary>Records an apply of <paramref name="text"/>, the request body as the user sent it.</summary>
    public void RecordApply(string text) =>
        Append(new RuntimeChange { Operation = RuntimeChange.ApplyOperation, Text = text });

    /// <summary>Records the delete of one run-time resource.</summary>
    public void RecordDelete(ResourceKey key) => Append(new RuntimeChange
    {
        Operation = RuntimeChange.DeleteOperation,
        Group = key.Group,
        Kind = key.Kind,
        Namespace = key.Namespace,
        Name = key.Name,
    });

    private List<RuntimeChange> ReadAll()
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

    private void Append(RuntimeChange change)
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

using Aspire.Hosting.ApplicationModel;
using Mesh.Model.Compilation;
using Mesh.Model.Parsing;
using Mesh.Model.Resources;
using Mesh.Model.State;
using Mesh.Model.Validation;

namespace Aspire.Hosting.Publishing;

/// <summary>
/// The mesh configuration a control plane started by this AppHost would hold: the AppHost's C#, then the config folder's
/// files (ordinal by path), then the run-time changes saved in its state folder, a later source replacing a resource of
/// the same kind, namespace and name. Unlike the control plane, which starts without a source that does not validate,
/// publishing refuses: a deployment must not quietly leave a policy out.
/// </summary>
internal sealed class ConfigInForce
{
    /// <summary>Source name of the AppHost's C# documents, as the control plane names them.</summary>
    internal const string AppHostSource = "apphost";

    private ConfigInForce(IReadOnlyList<ConfigDocument> documents, IReadOnlyList<ConfigDiagnostic> warnings)
    {
        Documents = documents;
        Warnings = warnings;
    }

    /// <summary>Every resource in force, ordered by kind, namespace and name.</summary>
    public IReadOnlyList<ConfigDocument> Documents { get; }

    /// <summary>What validation accepted with a warning, and saved run-time changes that no longer read.</summary>
    public IReadOnlyList<ConfigDiagnostic> Warnings { get; }

    /// <exception cref="DistributedApplicationException">A source does not read, or the whole does not validate.</exception>
    public static ConfigInForce Load(MeshResource mesh, string? stateDirectory, ServiceCatalog catalog)
    {
        var merged = new Dictionary<ResourceKey, ConfigDocument>();
        var diagnostics = new List<ConfigDiagnostic>();
        void Layer(IEnumerable<ConfigDocument> documents)
        {
            foreach (var document in documents)
            {
                merged[document.Resource.Key] = document;
            }
        }

        foreach (var text in mesh.InlineConfiguration)
        {
            Layer(Read(text, AppHostSource, diagnostics));
        }

        if (mesh.ConfigDirectory is { } directory)
        {
            foreach (var path in ConfigFilesIn(directory))
            {
                Layer(FileText.TryRead(path, out var text, out var problem)
                    ? Read(text, path, diagnostics)
                    : Fail(diagnostics, path, problem.Code, problem.Message));
            }
        }

        Layer(RuntimeChanges(stateDirectory, diagnostics));

        var documents = merged.Values
            .OrderBy(static d => d.Resource.Kind, StringComparer.Ordinal)
            .ThenBy(static d => d.Resource.Metadata.Namespace, StringComparer.Ordinal)
            .ThenBy(static d => d.Resource.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        diagnostics.AddRange(ConfigValidator.Validate([.. documents.Select(static d => d.Resource)], catalog));
        var errors = diagnostics.Where(static d => d.IsError).ToList();
        if (errors.Count > 0)
        {
            throw new DistributedApplicationException(
                $"Mesh '{mesh.Name}': the configuration in force does not validate, so it is not published to kubernetes/. Fix:{Environment.NewLine}"
                + string.Join(Environment.NewLine, errors));
        }

        return new ConfigInForce(documents, diagnostics);
    }

    private static List<ConfigDocument> Read(string text, string source, List<ConfigDiagnostic> diagnostics)
    {
        var read = ResourceReader.Read(text, source);
        diagnostics.AddRange(read.Diagnostics);
        return read.HasErrors ? [] : ConfigDocument.Of(text, read.Resources, source).ToList();
    }

    private static List<ConfigDocument> Fail(List<ConfigDiagnostic> diagnostics, string source, string code, string message)
    {
        diagnostics.Add(new ConfigDiagnostic { Severity = DiagnosticSeverity.Error, Code = code, Message = message, Source = source });
        return [];
    }

    // The files the control plane layers: YAML and JSON, in ordinal order of their paths.
    private static IEnumerable<string> ConfigFilesIn(string directory) =>
        Directory.EnumerateFiles(directory)
            .Where(static path => Path.GetExtension(path).ToLowerInvariant() is ".yaml" or ".yml" or ".json")
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// The run-time layer the saved changes leave, replayed as the control plane replays them (a delete only ever removes
    /// a run-time resource), each resource with the document of the apply that set it. Changes that no longer read are
    /// skipped with a warning, as the control plane skips them.
    /// </summary>
    private static List<ConfigDocument> RuntimeChanges(string? stateDirectory, List<ConfigDiagnostic> diagnostics)
    {
        var path = stateDirectory is null ? null : Path.Combine(stateDirectory, RuntimeChangeLogFormat.FileName);
        if (path is null || !File.Exists(path))
        {
            return [];
        }

        var (changes, _) = RuntimeChangeLogFormat.Parse(File.ReadAllText(path));
        var replay = RuntimeChangeReplay.Of(changes);
        diagnostics.AddRange(replay.Skipped.Select(static d => d with { Severity = DiagnosticSeverity.Warning }));
        return [.. replay.SetBy.GroupBy(static p => p.Value).SelectMany(group => ConfigDocument.Of(
            changes[group.Key].Text!, group.Select(p => replay.Resources[p.Key]), ResourceReader.RequestSource))];
    }
}

using Mesh.Model.Resources;
using Mesh.Model.Validation;
using YamlDotNet.Core;

namespace Mesh.Model.Parsing;

/// <summary>
/// State of reading one document: where it is, the position of every field read, and its diagnostics,
/// which are stamped with the resource's kind and name once those are known.
/// </summary>
internal sealed class ReadContext(string source, int documentIndex, string pathPrefix)
{
    private readonly List<(DiagnosticSeverity Severity, string Code, string Path, Mark Mark, string Message)> _pending = [];

    public string Source { get; } = source;

    public int DocumentIndex { get; } = documentIndex;

    public string PathPrefix { get; } = pathPrefix;

    public string? Kind { get; set; }

    public string? Namespace { get; set; }

    public string? Name { get; set; }

    /// <summary>The resource's namespace for resolving relative references while reading.</summary>
    public string EffectiveNamespace => Namespace ?? ResourceMetadata.DefaultNamespace;

    public Dictionary<string, SourceLocation> Locations { get; } = new(StringComparer.Ordinal);

    public bool HasErrors { get; private set; }

    public void Record(string path, Mark mark) => Locations.TryAdd(path, ToLocation(mark));

    public void Error(string code, string path, Mark mark, string message)
    {
        HasErrors = true;
        _pending.Add((DiagnosticSeverity.Error, code, path, mark, message));
    }

    public void Warning(string code, string path, Mark mark, string message) =>
        _pending.Add((DiagnosticSeverity.Warning, code, path, mark, message));

    /// <summary>Moves the document's diagnostics to <paramref name="sink"/>, naming the resource.</summary>
    public void Flush(List<ConfigDiagnostic> sink)
    {
        foreach (var (severity, code, path, mark, message) in _pending.OrderBy(static d => d.Mark.Line).ThenBy(static d => d.Mark.Column))
        {
            var fullPath = PathPrefix.Length == 0 ? path : path.Length == 0 ? PathPrefix : $"{PathPrefix}.{path}";
            sink.Add(new ConfigDiagnostic
            {
                Severity = severity,
                Code = code,
                Message = message,
                Source = Source,
                DocumentIndex = DocumentIndex,
                Kind = Kind,
                Namespace = Name is null ? null : EffectiveNamespace,
                Name = Name,
                Path = fullPath.Length == 0 ? null : fullPath,
                Line = mark.Line > 0 ? (int)mark.Line : null,
                Column = mark.Line > 0 ? (int)mark.Column : null,
            });
        }

        _pending.Clear();
    }

    public ResourceOrigin ToOrigin() => new()
    {
        Source = Source,
        DocumentIndex = DocumentIndex,
        PathPrefix = PathPrefix,
        Locations = Locations,
    };

    private static SourceLocation ToLocation(Mark mark) => new((int)mark.Line, (int)mark.Column);
}

using Mesh.Model.Resources;
using Mesh.Model.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mesh.Model.Parsing;

/// <summary>
/// Reads Kubernetes-style YAML or JSON into mesh resources: several <c>---</c>-separated YAML documents, a
/// JSON object, a JSON array of objects, or a <c>kind: List</c>. Every node keeps its line and column, and
/// every field is accounted for: read, reported as unsupported (warning), or reported as unknown (error).
/// </summary>
internal static class ResourceReader
{
    /// <summary>The source name for text posted to the admin API.</summary>
    public const string RequestSource = "request";

    /// <summary>Reads every resource in <paramref name="text"/>; <paramref name="source"/> names it in diagnostics.</summary>
    public static ReadResult Read(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(source);

        var diagnostics = new List<ConfigDiagnostic>();
        var resources = new List<ConfigResource>();
        if (Load(text, source, diagnostics) is not { } stream)
        {
            return new ReadResult(resources, diagnostics);
        }

        for (var i = 0; i < stream.Documents.Count; i++)
        {
            ReadDocument(stream.Documents[i].RootNode, source, i + 1, resources, diagnostics);
        }

        ReportDuplicates(resources, diagnostics);
        return new ReadResult(resources, Bounded(diagnostics));
    }

    /// <summary>Reads a file; diagnostics name it by <paramref name="path"/> as given.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static ReadResult ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FileText.TryRead(path, out var text, out var problem)
            ? Read(text, path)
            : new ReadResult([], [InputError(path, 1, Mark.Empty, problem.Code, problem.Message)]);
    }

    /// <summary>
    /// The text as YamlDotNet's tree, once <see cref="InputScan"/> has found it within <see cref="InputLimits"/>; null
    /// (with the diagnostic) when it is not.
    /// </summary>
    private static YamlStream? Load(string text, string source, List<ConfigDiagnostic> diagnostics)
    {
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        try
        {
            if (InputScan.Check(text) is { } violation)
            {
                diagnostics.Add(InputError(source, violation.Document, violation.Mark, violation.Code, violation.Message));
                return null;
            }

            var stream = new YamlStream();
            stream.Load(parser);
            return stream;
        }
        catch (YamlException e)
        {
            diagnostics.Add(SyntaxError(source, parser.DocumentCount, e.Start, e.Message));
        }
        catch (InvalidOperationException)
        {
            diagnostics.Add(SyntaxError(source, parser.DocumentCount, parser.LastMark, "invalid YAML after this point (an unclosed '[' or '{'?)"));
        }

        return null;
    }

    // One text defining a resource twice is an error here, where both are still seen: once layered into the configuration,
    // the later would silently replace the earlier.
    private static void ReportDuplicates(List<ConfigResource> resources, List<ConfigDiagnostic> diagnostics)
    {
        foreach (var group in resources.GroupBy(static r => r.Key).Where(static g => g.Count() > 1))
        {
            var first = group.First().Origin!;
            foreach (var duplicate in group.Skip(1))
            {
                var origin = duplicate.Origin!;
                var location = origin.Find("metadata.name");
                diagnostics.Add(new ConfigDiagnostic
                {
                    Severity = DiagnosticSeverity.Error,
                    Code = DiagnosticCodes.Duplicate,
                    Message = $"{duplicate.DisplayName} is also defined in document {first.DocumentIndex}",
                    Source = origin.Source,
                    DocumentIndex = origin.DocumentIndex,
                    Kind = duplicate.Kind,
                    Namespace = duplicate.Metadata.Namespace,
                    Name = duplicate.Metadata.Name,
                    Path = origin.PathPrefix.Length == 0 ? "metadata.name" : $"{origin.PathPrefix}.metadata.name",
                    Line = location?.Line,
                    Column = location?.Column,
                });
            }
        }
    }

    // A text that is wrong everywhere would answer with a diagnostic per node: keep the first ones and say how many more.
    private static List<ConfigDiagnostic> Bounded(List<ConfigDiagnostic> diagnostics)
    {
        if (diagnostics.Count <= InputLimits.MaxReadDiagnostics)
        {
            return diagnostics;
        }

        var kept = diagnostics.GetRange(0, InputLimits.MaxReadDiagnostics);
        var rest = diagnostics.Skip(InputLimits.MaxReadDiagnostics).ToList();
        kept.Add(new ConfigDiagnostic
        {
            Severity = rest.Any(static d => d.IsError) ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            Code = DiagnosticCodes.LimitExceeded,
            Message = $"{rest.Count} more diagnostics not shown; fix the first {InputLimits.MaxReadDiagnostics} and read again",
            Source = rest[0].Source,
            DocumentIndex = rest[0].DocumentIndex,
        });
        return kept;
    }

    private static void ReadDocument(YamlNode root, string source, int index, List<ConfigResource> resources, List<ConfigDiagnostic> diagnostics)
    {
        if (Scalars.IsNull(root))
        {
            return; // An empty document, e.g. after a trailing "---".
        }

        if (root is YamlSequenceNode array)
        {
            for (var j = 0; j < array.Children.Count; j++)
            {
                ReadResource(array.Children[j], source, index, FieldPath.Item("", j), resources, diagnostics);
            }

            return;
        }

        if (root is YamlMappingNode mapping && IsList(mapping, out var items))
        {
            for (var j = 0; j < items.Children.Count; j++)
            {
                ReadResource(items.Children[j], source, index, FieldPath.Item("items", j), resources, diagnostics);
            }

            return;
        }

        ReadResource(root, source, index, "", resources, diagnostics);
    }

    private static bool IsList(YamlMappingNode mapping, out YamlSequenceNode items)
    {
        items = null!;
        var isList = false;
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: "kind" } && value is YamlScalarNode { Value: "List" })
            {
                isList = true;
            }
            else if (key is YamlScalarNode { Value: "items" } && value is YamlSequenceNode sequence)
            {
                items = sequence;
            }
        }

        if (isList && items is null)
        {
            items = new YamlSequenceNode();
        }

        return isList;
    }

    private static void ReadResource(YamlNode node, string source, int index, string prefix, List<ConfigResource> resources, List<ConfigDiagnostic> diagnostics)
    {
        var context = new ReadContext(source, index, prefix);
        if (node is YamlMappingNode mapping)
        {
            var resource = ResourceDocument.Read(new YamlObject(context, mapping, ""));
            if (resource is not null && !context.HasErrors)
            {
                resources.Add(resource with { Origin = context.ToOrigin() });
            }
        }
        else
        {
            context.Error(DiagnosticCodes.NotAResource, "", node.Start, "expected a resource: an object with apiVersion, kind, metadata and spec");
        }

        context.Flush(diagnostics);
    }

    private static ConfigDiagnostic InputError(string source, int document, Mark mark, string code, string message) =>
        code == DiagnosticCodes.Syntax
            ? SyntaxError(source, document, mark, message)
            : SyntaxError(source, document, mark, message) with { Code = code, Message = $"input refused: {message}" };

    private static ConfigDiagnostic SyntaxError(string source, int documents, Mark mark, string message) => new()
    {
        Severity = DiagnosticSeverity.Error,
        Code = DiagnosticCodes.Syntax,
        Message = $"YAML syntax error: {message}",
        Source = source,
        DocumentIndex = Math.Max(1, documents),
        Line = mark.Line > 0 ? (int)mark.Line : null,
        Column = mark.Line > 0 ? (int)mark.Column : null,
    };
}

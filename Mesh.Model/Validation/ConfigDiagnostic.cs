using System.Globalization;
using System.Text;

namespace Mesh.Model.Validation;

/// <summary>How serious a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Accepted, but worth knowing: an unsupported field ignored, a subset with no workload today.</summary>
    Warning,

    /// <summary>Rejected: the input is not applied.</summary>
    Error,
}

/// <summary>
/// One finding about mesh configuration, from reading (<see cref="Parsing.ResourceReader"/>) or analysis
/// (<see cref="ConfigValidator"/>). Names the source, the document, the resource, the field and the reason,
/// so "which line of which file?" never needs a second look.
/// </summary>
public sealed record ConfigDiagnostic
{
    /// <summary>Error or warning.</summary>
    public required DiagnosticSeverity Severity { get; init; }

    /// <summary>Stable identifier of the check; see <see cref="DiagnosticCodes"/>.</summary>
    public required string Code { get; init; }

    /// <summary>The reason, e.g. <c>weights add up to 90, expected 100</c>.</summary>
    public required string Message { get; init; }

    /// <summary>File path, <c>request</c> for an admin API body, or <c>code</c> for resources built in C#.</summary>
    public required string Source { get; init; }

    /// <summary>1-based document index in <see cref="Source"/>, when known.</summary>
    public int? DocumentIndex { get; init; }

    /// <summary>Kind of the resource, when known.</summary>
    public string? Kind { get; init; }

    /// <summary>Namespace of the resource, when known.</summary>
    public string? Namespace { get; init; }

    /// <summary>Name of the resource, when known.</summary>
    public string? Name { get; init; }

    /// <summary>Field path, e.g. <c>spec.http[1].route[0].weight</c>, when the finding is about a field.</summary>
    public string? Path { get; init; }

    /// <summary>1-based line, when known.</summary>
    public int? Line { get; init; }

    /// <summary>1-based column, when known.</summary>
    public int? Column { get; init; }

    /// <summary>Whether this is an error.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>
    /// One line for people, e.g. <c>bookinfo.yaml: document 2 (VirtualService default/reviews):
    /// spec.http[0].route[1].weight (line 14, column 13): error: weights add up to 90, expected 100</c>.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder(Source);
        if (DocumentIndex is { } document)
        {
            text.Append(CultureInfo.InvariantCulture, $": document {document}");
        }

        if (Kind is not null || Name is not null)
        {
            text.Append(" (").Append(Kind ?? "resource");
            if (Name is not null)
            {
                text.Append(' ').Append(Namespace ?? Resources.ResourceMetadata.DefaultNamespace).Append('/').Append(Name);
            }

            text.Append(')');
        }

        if (Path is { Length: > 0 })
        {
            text.Append(": ").Append(Path);
        }

        if (Line is { } line)
        {
            text.Append(CultureInfo.InvariantCulture, $" (line {line}, column {Column ?? 1})");
        }

        return text.Append(Severity == DiagnosticSeverity.Error ? ": error: " : ": warning: ").Append(Message).ToString();
    }
}

/// <summary>The <see cref="ConfigDiagnostic.Code"/> values.</summary>
public static class DiagnosticCodes
{
    /// <summary>The text is not valid YAML or JSON.</summary>
    public const string Syntax = "syntax";

    /// <summary>A document is not a resource (not a mapping, or no <c>apiVersion</c>/<c>kind</c>).</summary>
    public const string NotAResource = "not-a-resource";

    /// <summary>A kind the mesh does not read.</summary>
    public const string UnknownKind = "unknown-kind";

    /// <summary>A known kind with a version the mesh does not read.</summary>
    public const string UnknownApiVersion = "unknown-api-version";

    /// <summary>A field the kind does not have (a typo); Istio rejects these too.</summary>
    public const string UnknownField = "unknown-field";

    /// <summary>A field of the kind that the mesh does not implement; ignored.</summary>
    public const string UnsupportedField = "unsupported-field";

    /// <summary>A value the mesh does not implement, e.g. <c>action: CUSTOM</c>.</summary>
    public const string UnsupportedValue = "unsupported-value";

    /// <summary>A value of the wrong type or outside its allowed set.</summary>
    public const string InvalidValue = "invalid-value";

    /// <summary>A required field is missing or empty.</summary>
    public const string MissingField = "missing-field";

    /// <summary>Route weights that do not add up to 100.</summary>
    public const string Weights = "weights";

    /// <summary>A subset no DestinationRule defines for the host.</summary>
    public const string UndefinedSubset = "undefined-subset";

    /// <summary>A subset (or selector) that selects no workload today.</summary>
    public const string NoMatchingWorkloads = "no-matching-workloads";

    /// <summary>A host that names no known service.</summary>
    public const string UnknownHost = "unknown-host";

    /// <summary>A reference to a resource that does not exist (a gateway, a parent).</summary>
    public const string UnknownReference = "unknown-reference";

    /// <summary>A regular expression .NET cannot compile.</summary>
    public const string InvalidRegex = "invalid-regex";

    /// <summary>A duration that does not parse or is out of range.</summary>
    public const string InvalidDuration = "invalid-duration";

    /// <summary>A number outside its range (percentages, status codes, ports).</summary>
    public const string OutOfRange = "out-of-range";

    /// <summary>Resources that contradict each other.</summary>
    public const string Conflict = "conflict";

    /// <summary>The same resource twice in one input.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>Input beyond the mesh's bounds: too long, too deep, too many nodes or routes (see Mesh.Model's README).</summary>
    public const string LimitExceeded = "limit-exceeded";
}

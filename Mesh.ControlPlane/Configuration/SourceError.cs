using Mesh.Model.Validation;

namespace Mesh.ControlPlane.Configuration;

/// <summary>Errors about a whole source rather than a field: an unreadable file, an empty body, an unknown name.</summary>
internal static class SourceError
{
    public static ConfigDiagnostic Of(string source, string message) => new()
    {
        Severity = DiagnosticSeverity.Error,
        Code = DiagnosticCodes.Syntax,
        Message = message,
        Source = source,
    };
}

using Mesh.Model.Resources;
using Mesh.Model.Validation;

namespace Mesh.Model.Parsing;

/// <summary>
/// What <see cref="ResourceReader"/> read: the resources of documents without errors, and every diagnostic
/// (errors and warnings) in source order.
/// </summary>
/// <param name="Resources">Resources read; a document with an error contributes none.</param>
/// <param name="Diagnostics">Errors and warnings.</param>
internal sealed record ReadResult(IReadOnlyList<ConfigResource> Resources, IReadOnlyList<ConfigDiagnostic> Diagnostics)
{
    /// <summary>Whether any diagnostic is an error (the input must then be refused as a whole).</summary>
    public bool HasErrors => Diagnostics.Any(static d => d.IsError);
}

using Mesh.Model.Validation;

namespace Mesh.ControlPlane.Configuration;

/// <summary>The outcome of an apply, delete or analyze.</summary>
internal sealed record ConfigChange(bool Applied, long Version, IReadOnlyList<string> Resources, IReadOnlyList<ConfigDiagnostic> Diagnostics);

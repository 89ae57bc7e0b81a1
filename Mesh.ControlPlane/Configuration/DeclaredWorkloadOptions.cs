namespace Mesh.ControlPlane.Configuration;

/// <summary>
/// A workload the AppHost declared (<c>Mesh:ControlPlane:Workloads:{i}</c>), known before its sidecar joins,
/// so configuration that names its service validates at start-up.
/// </summary>
internal sealed class DeclaredWorkloadOptions
{
    public string Name { get; set; } = "";

    public string Service { get; set; } = "";

    public string Version { get; set; } = "v1";

    public string? ServiceAccount { get; set; }

    public string Namespace { get; set; } = "default";
}

using Mesh.ControlPlane.Registry;

namespace Mesh.ControlPlane.Configuration;

/// <summary>Where the mesh's configuration comes from, bound from <c>Mesh:ControlPlane</c>.</summary>
internal sealed class ConfigSourceOptions
{
    /// <summary>The section the options bind from, shared by every control-plane setting.</summary>
    public const string SectionName = RegistryOptions.SectionName;

    /// <summary>YAML documents given in the AppHost's C#, merged first.</summary>
    public List<string> Inline { get; } = [];

    /// <summary>Folder of YAML/JSON configuration files, read at start-up and watched; none when unset.</summary>
    public string? ConfigDirectory { get; set; }

    /// <summary>Folder that keeps run-time changes across restarts (per AppHost); none means they live in memory.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>The workloads the AppHost declared: configuration naming their services validates before they join.</summary>
    public List<DeclaredWorkloadOptions> Workloads { get; } = [];
}

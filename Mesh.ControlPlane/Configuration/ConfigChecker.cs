using Mesh.ControlPlane.Registry;
using Mesh.Model.Resources;
using Mesh.Model.Validation;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Configuration;

/// <summary>
/// Validates a whole configuration against the services the mesh knows now: the workloads the AppHost
/// declared, plus (replacing them by name) every workload that joined. The only part of this folder that
/// reads the registry, and it only reads.
/// </summary>
internal sealed class ConfigChecker(IOptions<ConfigSourceOptions> options, IRegistryReader registry)
{
    /// <summary>Every diagnostic of <paramref name="resources"/> taken as one configuration.</summary>
    public IReadOnlyList<ConfigDiagnostic> Validate(IReadOnlyList<ConfigResource> resources)
    {
        var joined = registry.GetEntries().Select(static e => e.Registration);
        return ConfigValidator.Validate(resources, DeclaredWorkloadOptions.Catalog(options.Value.Workloads, joined));
    }
}

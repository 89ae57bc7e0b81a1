using Mesh.ControlPlane.Configuration;
using Mesh.Model.Compilation;
using Mesh.Model.Snapshots;

namespace Mesh.ControlPlane.Push;

/// <summary>
/// The compiled, sidecar-independent state of the mesh at one version (Istio's PushContext): what every
/// sidecar's snapshot is cut from. Immutable; replaced whole when its content changes.
/// </summary>
/// <param name="Version">Monotonic within one control-plane run; every content change gets a new one.</param>
/// <param name="Services">Every service with its serving endpoints, ordered by name.</param>
/// <param name="Config">The configuration in force, compiled per sidecar when its snapshot is cut.</param>
/// <param name="Catalog">The services configuration is compiled against: declared and joined workloads.</param>
internal sealed record MeshModel(string Version, IReadOnlyList<ServiceSnapshot> Services, ConfigState Config, ServiceCatalog Catalog)
{
    /// <summary>Whether <paramref name="other"/> holds the same content, whatever its version.</summary>
    public bool HasSameContent(MeshModel other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Config.Version == other.Config.Version && SnapshotEquality.ServicesEqual(Services, other.Services);
    }
}

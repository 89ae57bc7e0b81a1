using Mesh.Model.Snapshots;

namespace Mesh.ControlPlane.Push;

/// <summary>
/// The compiled, sidecar-independent state of the mesh at one version (Istio's PushContext): what every
/// sidecar's snapshot is cut from. Immutable; replaced whole when its content changes. Later issues add the
/// compiled configuration beside <see cref="Services"/>.
/// </summary>
/// <param name="Version">Monotonic within one control-plane run; every content change gets a new one.</param>
/// <param name="Services">Every service with its serving endpoints, ordered by name.</param>
internal sealed record MeshModel(string Version, IReadOnlyList<ServiceSnapshot> Services, Configuration.ConfigState Config, Mesh.Model.Compilation.ServiceCatalog Catalog)
{
    /// <summary>Whether <paramref name="other"/> holds the same content, whatever its version.</summary>
    public bool HasSameContent(MeshModel other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Config.Version == other.Config.Version && SnapshotEquality.ServicesEqual(Services, other.Services);
    }
}

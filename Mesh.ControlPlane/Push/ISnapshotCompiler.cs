using Mesh.ControlPlane.Configuration;
using Mesh.Model.Registry;
using Mesh.Model.Snapshots;

namespace Mesh.ControlPlane.Push;

/// <summary>
/// Turns the control plane's inputs into what sidecars receive, in two stages as Istio does: a
/// sidecar-independent <see cref="MeshModel"/> per change, then one <see cref="SidecarSnapshot"/> per
/// sidecar cut from it. Pure: no clock, no I/O, no state, so it is tested on plain values.
/// </summary>
internal interface ISnapshotCompiler
{
    /// <summary>Compiles the registry into a model labelled <paramref name="version"/>.</summary>
    /// <param name="registry">Every registered workload, serving or not.</param>
    /// <param name="config">The configuration in force.</param>
    /// <param name="version">The version the model carries if it is published.</param>
    MeshModel CompileModel(IReadOnlyList<RegistryEntry> registry, ConfigState config, string version);

    /// <summary>Cuts the snapshot for one sidecar from <paramref name="model"/>; it carries the model's version.</summary>
    SidecarSnapshot CompileSnapshot(MeshModel model, WorkloadRegistration sidecar);
}

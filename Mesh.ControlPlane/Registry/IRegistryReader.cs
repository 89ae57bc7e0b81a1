using Mesh.Model.Registry;

namespace Mesh.ControlPlane.Registry;

/// <summary>
/// Read-only access to who is in the mesh now, for layers above the registry that must know the joined
/// workloads but neither change the registry nor hear of its changes (configuration validates against them).
/// </summary>
internal interface IRegistryReader
{
    /// <summary>Every registered workload, serving or not, ordered by workload name, as of now.</summary>
    IReadOnlyList<RegistryEntry> GetEntries();
}

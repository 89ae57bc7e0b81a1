using Mesh.Model.Registry;

namespace Mesh.ControlPlane.Registry;

/// <summary>An immutable copy of the registry after one change.</summary>
/// <param name="Generation">Increases with every change; a larger generation is a newer view.</param>
/// <param name="Entries">Every registered workload, serving or not, ordered by workload name.</param>
internal sealed record RegistryView(long Generation, IReadOnlyList<RegistryEntry> Entries)
{
    /// <summary>The registry before anything joined.</summary>
    public static RegistryView Empty { get; } = new(0, []);
}

using System.Collections.ObjectModel;

namespace Mesh.Model.Resources;

/// <summary>Shared empty collections for defaults, so records without a value allocate nothing.</summary>
internal static class Empty
{
    public static IReadOnlyDictionary<string, string> Map { get; } = ReadOnlyDictionary<string, string>.Empty;
}

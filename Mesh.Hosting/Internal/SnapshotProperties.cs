using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal;

/// <summary>Sets properties of a resource's dashboard snapshot, replacing earlier values of the same names.</summary>
internal static class SnapshotProperties
{
    internal static ImmutableArray<ResourcePropertySnapshot> With(ImmutableArray<ResourcePropertySnapshot> properties, params (string Name, string Value)[] values)
    {
        var names = values.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        return [.. properties.Where(p => !names.Contains(p.Name)), .. values.Select(v => new ResourcePropertySnapshot(v.Name, v.Value))];
    }
}

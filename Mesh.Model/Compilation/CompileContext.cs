using Mesh.Model.Resources;

namespace Mesh.Model.Compilation;

/// <summary>The inputs of one compilation, indexed: resources by kind in (namespace, name) order, and destination policies.</summary>
internal sealed class CompileContext
{
    private readonly IReadOnlyList<ConfigResource> _resources;
    private DestinationPolicies? _policies;

    public CompileContext(IReadOnlyList<ConfigResource> resources, ServiceCatalog catalog, ProxyIdentity proxy)
    {
        // One resource per key, the first (validation reports the others as duplicates), in a stable order.
        _resources = resources
            .DistinctBy(static r => r.Key)
            .OrderBy(static r => r.Metadata.Namespace, StringComparer.Ordinal)
            .ThenBy(static r => r.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        Catalog = catalog;
        Proxy = proxy;
    }

    public ServiceCatalog Catalog { get; }

    public ProxyIdentity Proxy { get; }

    public DestinationPolicies Policies => _policies ??= DestinationPolicies.Compile(this);

    /// <summary>Resources of one kind, ordered by namespace, then name.</summary>
    public IEnumerable<T> Of<T>()
        where T : ConfigResource => _resources.OfType<T>();
}

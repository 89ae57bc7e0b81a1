using Mesh.Model.Resources;

namespace Mesh.ControlPlane.Configuration;

/// <summary>
/// The configuration's sources as layers, merged in order: C# from the AppHost, then the config folder (one
/// layer per file, ordinal by path), then run-time changes; a later layer replaces a resource with the same
/// key. Immutable: a change makes new layers, which the store keeps only once their merge validates.
/// </summary>
internal sealed class ConfigLayers
{
    private readonly IReadOnlyList<ConfigResource> _appHost;
    private readonly SortedDictionary<string, IReadOnlyList<ConfigResource>> _files;
    private readonly Dictionary<ResourceKey, ConfigResource> _runtime;

    private ConfigLayers(
        IReadOnlyList<ConfigResource> appHost,
        SortedDictionary<string, IReadOnlyList<ConfigResource>> files,
        Dictionary<ResourceKey, ConfigResource> runtime)
    {
        _appHost = appHost;
        _files = files;
        _runtime = runtime;
    }

    /// <summary>No source holds anything.</summary>
    public static ConfigLayers Empty { get; } = new([], new(StringComparer.Ordinal), []);

    /// <summary>The run-time layer's keys (what the admin API may delete).</summary>
    public IEnumerable<ResourceKey> RuntimeKeys => _runtime.Keys;

    public ConfigLayers WithAppHost(IReadOnlyList<ConfigResource> resources) => new(resources, _files, _runtime);

    /// <summary>Sets (or replaces) one file's layer.</summary>
    public ConfigLayers WithFile(string path, IReadOnlyList<ConfigResource> resources) =>
        new(_appHost, new(_files, StringComparer.Ordinal) { [path] = resources }, _runtime);

    /// <summary>Drops a deleted file's layer.</summary>
    public ConfigLayers WithoutFile(string path)
    {
        var files = new SortedDictionary<string, IReadOnlyList<ConfigResource>>(_files, StringComparer.Ordinal);
        files.Remove(path);
        return new(_appHost, files, _runtime);
    }

    /// <summary>Replaces the run-time layer (with one replayed from the change log).</summary>
    public ConfigLayers WithRuntime(IReadOnlyDictionary<ResourceKey, ConfigResource> runtime) =>
        new(_appHost, _files, new Dictionary<ResourceKey, ConfigResource>(runtime));

    /// <summary>Creates or replaces run-time resources, like <c>kubectl apply</c>.</summary>
    public ConfigLayers Applying(IEnumerable<ConfigResource> resources)
    {
        var runtime = new Dictionary<ResourceKey, ConfigResource>(_runtime);
        foreach (var resource in resources)
        {
            runtime[resource.Key] = resource;
        }

        return new(_appHost, _files, runtime);
    }

    /// <summary>Removes one run-time resource.</summary>
    public ConfigLayers Deleting(ResourceKey key)
    {
        var runtime = new Dictionary<ResourceKey, ConfigResource>(_runtime);
        runtime.Remove(key);
        return new(_appHost, _files, runtime);
    }

    /// <summary>
    /// The configuration the layers make, with where each resource came from; version 0 until the store
    /// numbers it. Ordered by kind, namespace and name, so the same layers always give the same list.
    /// </summary>
    public ConfigState Merge()
    {
        var merged = new Dictionary<ResourceKey, ConfigResource>();
        var sources = new Dictionary<ResourceKey, string>();
        void Add(ConfigResource resource, string source)
        {
            merged[resource.Key] = resource;
            sources[resource.Key] = source;
        }

        foreach (var resource in _appHost)
        {
            Add(resource, ConfigSources.AppHost);
        }

        foreach (var (path, resources) in _files)
        {
            foreach (var resource in resources)
            {
                Add(resource, path);
            }
        }

        foreach (var resource in _runtime.Values)
        {
            Add(resource, ConfigSources.Request);
        }

        var ordered = merged.Values
            .OrderBy(static r => r.Kind, StringComparer.Ordinal)
            .ThenBy(static r => r.Metadata.Namespace, StringComparer.Ordinal)
            .ThenBy(static r => r.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        return new ConfigState(0, ordered, sources);
    }
}

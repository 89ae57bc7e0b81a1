namespace Mesh.Model.Resources;

/// <summary>
/// One mesh resource as Kubernetes would store it: <c>apiVersion</c>, <c>kind</c>, <c>metadata</c> and a typed
/// <c>spec</c> (on the derived records). Immutable; read from YAML or JSON by
/// <see cref="Parsing.ResourceReader"/> or built in C#.
/// </summary>
public abstract record ConfigResource
{
    /// <summary>Creates a resource whose <see cref="ApiVersion"/> starts as <paramref name="defaultApiVersion"/>.</summary>
    protected ConfigResource(string defaultApiVersion) => ApiVersion = defaultApiVersion;

    /// <summary>The <c>apiVersion</c>, e.g. <c>networking.istio.io/v1</c>.</summary>
    public string ApiVersion { get; init; }

    /// <summary>The <c>kind</c>, e.g. <c>VirtualService</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The API group: <see cref="ApiVersion"/> without its version.</summary>
    public string Group => ResourceKinds.GroupOf(ApiVersion);

    /// <summary>Name, namespace, labels and annotations.</summary>
    public required ResourceMetadata Metadata { get; init; }

    /// <summary>Where the resource was read from, with each field's line and column; null when built in C#.</summary>
    internal ResourceOrigin? Origin { get; init; }

    /// <summary>Identity for create-or-replace (like <c>kubectl apply</c>): group, kind, namespace and name.</summary>
    public ResourceKey Key => new(Group, Kind, Metadata.Namespace, Metadata.Name);

    /// <summary>How messages name the resource, e.g. <c>VirtualService default/reviews</c>.</summary>
    public string DisplayName => $"{Kind} {Metadata.Namespace}/{Metadata.Name}";
}

/// <summary>
/// Identifies a resource. <see cref="Group"/> is part of it because Istio's <c>Gateway</c> and the Gateway
/// API's <c>Gateway</c> share a kind name.
/// </summary>
/// <param name="Group">API group, e.g. <c>networking.istio.io</c>.</param>
/// <param name="Kind">Kind, e.g. <c>VirtualService</c>.</param>
/// <param name="Namespace">Namespace.</param>
/// <param name="Name">Name.</param>
public readonly record struct ResourceKey(string Group, string Kind, string Namespace, string Name)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind}.{Group} {Namespace}/{Name}";
}

/// <summary>The <c>metadata</c> the mesh reads; Kubernetes bookkeeping fields are accepted and ignored.</summary>
public sealed record ResourceMetadata
{
    /// <summary>The namespace a resource without one lands in, as with <c>kubectl apply</c>.</summary>
    public const string DefaultNamespace = "default";

    /// <summary><c>metadata.name</c>.</summary>
    public required string Name { get; init; }

    /// <summary><c>metadata.namespace</c>; <see cref="DefaultNamespace"/> when absent.</summary>
    public string Namespace { get; init; } = DefaultNamespace;

    /// <summary><c>metadata.labels</c>.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = Empty.Map;

    /// <summary><c>metadata.annotations</c>, e.g. <c>istio.io/dry-run</c>.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = Empty.Map;
}

/// <summary>Where a resource came from: the source, its document, and the position of every field read.</summary>
internal sealed record ResourceOrigin
{
    /// <summary>File path, or <c>request</c> for an admin API body.</summary>
    public required string Source { get; init; }

    /// <summary>1-based index of the YAML document (or JSON value) in <see cref="Source"/>.</summary>
    public required int DocumentIndex { get; init; }

    /// <summary>
    /// Prefix of field paths when the resource is an item of a list document, e.g. <c>items[2]</c> for a
    /// <c>kind: List</c> or <c>[2]</c> for a JSON array; empty for a plain document.
    /// </summary>
    public string PathPrefix { get; init; } = "";

    /// <summary>Position of each field by path relative to the resource, e.g. <c>spec.http[0].route[1].weight</c>.</summary>
    public IReadOnlyDictionary<string, SourceLocation> Locations { get; init; } = new Dictionary<string, SourceLocation>();

    /// <summary>The position of <paramref name="path"/>, or of its nearest ancestor that was read.</summary>
    public SourceLocation? Find(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var current = path;
        while (true)
        {
            if (Locations.TryGetValue(current, out var location))
            {
                return location;
            }

            if (current.Length == 0)
            {
                return null;
            }

            current = FieldPath.Parent(current);
        }
    }
}

/// <summary>A 1-based line and column in a source text.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
internal readonly record struct SourceLocation(int Line, int Column);

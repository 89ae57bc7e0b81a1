using Mesh.Model.Resources;

namespace Mesh.ControlPlane.Configuration;

/// <summary>
/// The configuration in force: every resource after merging the sources (C#, then files, then run-time
/// changes; a later source replaces a resource with the same key), and a version bumped on every change.
/// Immutable: readers never see half a change.
/// </summary>
internal sealed record ConfigState(long Version, IReadOnlyList<ConfigResource> Resources, IReadOnlyDictionary<ResourceKey, string> Sources)
{
    public static ConfigState Empty { get; } = new(1, [], new Dictionary<ResourceKey, string>());
}

/// <summary>Where a resource came from, in merge order.</summary>
internal static class ConfigSources
{
    /// <summary>Resources given in the AppHost's C# (<c>WithConfiguration</c>).</summary>
    public const string AppHost = "apphost";

    /// <summary>Resources applied through the admin API.</summary>
    public const string Request = "request";
}

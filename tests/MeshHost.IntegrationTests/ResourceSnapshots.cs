using Aspire.Hosting;

namespace MeshHost.IntegrationTests;

/// <summary>What the dashboard shows of a running AppHost's resources.</summary>
internal static class ResourceSnapshots
{
    /// <summary>A property of a resource's current dashboard snapshot (e.g. <c>mesh.build</c>, <c>executable.pid</c>), or null.</summary>
    public static string? Property(DistributedApplication app, string resource, string name) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var state)
            ? state.Snapshot.Properties.FirstOrDefault(p => p.Name == name)?.Value?.ToString()
            : null;
}

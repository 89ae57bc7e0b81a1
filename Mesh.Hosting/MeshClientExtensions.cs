using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>Creates a <see cref="MeshClient"/> for a running AppHost (for example one started by Aspire.Hosting.Testing).</summary>
public static class MeshClientExtensions
{
    /// <summary>
    /// Creates a client for the control plane of mesh <paramref name="meshName"/>, carrying the run's admin credential;
    /// call after the app started.
    /// </summary>
    /// <param name="app">The running application.</param>
    /// <param name="meshName">The mesh resource's name, <c>mesh</c> by default.</param>
    /// <returns>A client that owns its connection.</returns>
    /// <exception cref="InvalidOperationException">No running mesh of that name.</exception>
    public static MeshClient CreateMeshClient(this DistributedApplication app, string meshName = "mesh")
    {
        ArgumentNullException.ThrowIfNull(app);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var mesh = model.Resources.OfType<MeshResource>().FirstOrDefault(m => m.Name == meshName)
            ?? throw new InvalidOperationException($"The application has no running mesh named '{meshName}' (is Mesh:Enabled false?).");
        return For(mesh);
    }

    /// <summary>A client of <paramref name="mesh"/>'s control plane with the run's admin credential.</summary>
    internal static MeshClient For(MeshResource mesh, HttpMessageHandler? handler = null) =>
        MeshClient.Create(new Uri(mesh.HttpEndpoint.Url), mesh.AdminTokenValue, handler ?? new SocketsHttpHandler());
}

using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal.Commands;

/// <summary>The host a traffic or fault command changes, in which mesh, and the versions a shift of it may name.</summary>
/// <param name="Mesh">The mesh.</param>
/// <param name="Host">The service host.</param>
/// <param name="Versions">The versions the AppHost declared for it; empty for a workload serving its own name.</param>
internal sealed record RouteTarget(MeshResource Mesh, string Host, Func<IReadOnlyList<string>> Versions)
{
    public async Task<ExecuteCommandResult> ChangeAsync(HttpMessageHandler? handler, Func<DashboardRoute, DashboardRoute> change, CancellationToken cancellationToken)
    {
        using var client = MeshClientExtensions.For(Mesh, handler);
        return await Mesh.DashboardRoutes.ChangeAsync(client, Host, Mesh.Namespace, Versions(), change, cancellationToken).ConfigureAwait(false);
    }
}

using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting.Internal.Commands;

/// <summary>
/// Gives each logical service (a dashboard resource with no process of its own) its mesh's state, so its commands,
/// enabled while it runs, are enabled exactly while the control plane they call runs.
/// </summary>
internal sealed class LogicalServiceStates(DistributedApplicationModel model, ResourceNotificationService notifications) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var meshes = model.Resources.OfType<MeshResource>().Where(m => m.Services.Count > 0).ToDictionary(m => m.Name, StringComparer.Ordinal);
        if (meshes.Count == 0)
        {
            return;
        }

        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                if (change.Resource is MeshResource mesh && meshes.ContainsKey(mesh.Name) && change.Snapshot.State is { } state)
                {
                    foreach (var service in mesh.Services.Values)
                    {
                        await notifications.PublishUpdateAsync(service, s => s.State?.Text == state.Text ? s : s with { State = state }).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

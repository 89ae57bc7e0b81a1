using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Registry;

/// <summary>Removes workloads whose sidecar stopped reporting, every <see cref="RegistryOptions.SweepInterval"/>.</summary>
internal sealed class LeaseSweeper(WorkloadRegistry registry, IOptions<RegistryOptions> options, TimeProvider timeProvider)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                registry.ExpireLeases();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }
}

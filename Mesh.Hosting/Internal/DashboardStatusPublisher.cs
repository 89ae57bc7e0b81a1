using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Mesh.Model.Conventions;
using Mesh.Model.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.Internal;

/// <summary>
/// Shows the mesh's configuration state in the dashboard: on the control plane, the configuration version
/// and how many sidecars are in sync; on each sidecar, the snapshot and configuration versions it applied
/// (the dashboard's view of <c>istioctl proxy-status</c>). Polls the control plane's status once a second.
/// </summary>
internal sealed partial class DashboardStatusPublisher(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ILogger<DashboardStatusPublisher> logger) : BackgroundService
{
    internal const string ConfigVersionProperty = "mesh.config.version";
    internal const string InSyncProperty = "mesh.sidecars.in-sync";
    internal const string AppliedVersionProperty = "mesh.snapshot.applied";
    internal const string SyncedProperty = "mesh.synced";

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mesh = model.Resources.OfType<MeshResource>().FirstOrDefault();
        if (mesh is null)
        {
            return;
        }

        await PublishBuildsAsync().ConfigureAwait(false);
        var sidecars = model.Resources.OfType<MeshSidecarResource>().ToDictionary(s => s.Workload.Name, StringComparer.Ordinal);
        using var timer = new PeriodicTimer(Interval);
        MeshClient? client = null;
        string? last = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!mesh.HttpEndpoint.IsAllocated)
                {
                    continue;
                }

                client ??= MeshClientExtensions.For(mesh);
                MeshStatus status;
                try
                {
                    status = await client.GetStatusAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (HttpRequestException)
                {
                    continue; // The control plane is starting or restarting; its own resource shows that.
                }

                var summary = string.Create(CultureInfo.InvariantCulture, $"{status.ConfigVersion}:{string.Join(',', status.Sidecars.Select(s => $"{s.Workload}={s.AppliedVersion}/{s.InSync}"))}");
                if (summary == last)
                {
                    continue;
                }

                last = summary;
                await PublishAsync(mesh, status, sidecars).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            client?.Dispose();
        }
    }

    /// <summary>Says once on each mesh program's resource how it was built (its snapshot keeps the property).</summary>
    private async Task PublishBuildsAsync()
    {
        foreach (var resource in model.Resources)
        {
            if (resource.Annotations.OfType<MeshProgramAnnotation>().LastOrDefault() is { } annotation)
            {
                var build = MeshProgram.Describe(annotation.Program.Build);
                await notifications.PublishUpdateAsync(resource, s => s with { Properties = SnapshotProperties.With(s.Properties, (MeshBinaries.BuildProperty, build)) }).ConfigureAwait(false);
            }
        }
    }

    private async Task PublishAsync(MeshResource mesh, MeshStatus status, Dictionary<string, MeshSidecarResource> sidecars)
    {
        var inSync = string.Create(CultureInfo.InvariantCulture, $"{status.SidecarsInSync}/{status.Sidecars.Count}");
        await notifications.PublishUpdateAsync(mesh, s => s with
        {
            Properties = SnapshotProperties.With(s.Properties, (ConfigVersionProperty, status.ConfigVersion.ToString(CultureInfo.InvariantCulture)), (InSyncProperty, inSync)),
        }).ConfigureAwait(false);

        foreach (var sidecar in status.Sidecars)
        {
            if (sidecars.TryGetValue(sidecar.Workload, out var resource))
            {
                await notifications.PublishUpdateAsync(resource, s => s with
                {
                    Properties = SnapshotProperties.With(
                        s.Properties,
                        (AppliedVersionProperty, sidecar.AppliedVersion ?? "none"),
                        (ConfigVersionProperty, sidecar.SentConfigVersion.ToString(CultureInfo.InvariantCulture)),
                        (SyncedProperty, sidecar.InSync ? "yes" : sidecar.RejectedVersion is { } rejected ? $"no: rejected {rejected}: {sidecar.RejectReason}" : "no")),
                }).ConfigureAwait(false);
            }
        }

        Log.Published(logger, status.ConfigVersion, inSync);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Mesh configuration {Version}, sidecars in sync {InSync}")]
        public static partial void Published(ILogger logger, long version, string inSync);
    }
}

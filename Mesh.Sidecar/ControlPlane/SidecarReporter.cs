using System.Net.Http.Json;
using System.Net;
using Mesh.Model.Protocol;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Telemetry;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>
/// Reports to the control plane every second while the stream is open: the lease renewal, whether the
/// app serves, the mesh graph's edge counters, and the ACK (applied version) or NACK (refused version and why). A 404 means the control
/// plane forgot this sidecar (it restarted), so the stream is reopened to register again.
/// </summary>
internal sealed partial class SidecarReporter(
    IOptions<SidecarOptions> options,
    SidecarIdentity identity,
    ControlPlaneHttp connections,
    SnapshotApplier snapshots,
    AppHealth appHealth,
    ControlPlaneState state,
    ReportSignal signal,
    TrafficStats traffic,
    ILogger<SidecarReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var target = new Uri(new Uri(identity.ControlPlane + "/"), ControlPlaneRoutes.ReportFor(identity.Workload));
        while (!stoppingToken.IsCancellationRequested)
        {
            await signal.WaitAsync(settings.ReportInterval, stoppingToken);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            // Before the stream registers us a report would only earn a 404; the stream client owns outages.
            if (state.IsConnected)
            {
                await ReportAsync(target, settings.ReportInterval, stoppingToken);
            }
        }
    }

    private async Task ReportAsync(Uri target, TimeSpan timeout, CancellationToken stoppingToken)
    {
        var rejection = snapshots.LastRejection;
        var report = new SidecarReport
        {
            AppServing = appHealth.Serving,
            AppliedVersion = snapshots.Current?.Version,
            RejectedVersion = rejection?.Version,
            RejectReason = rejection?.Reason,
            Edges = traffic.Edges.Read(),
        };

        using var suppress = SuppressInstrumentationScope.Begin();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        attempt.CancelAfter(timeout * 2);
        try
        {
            using var request = connections.Authorized(new HttpRequestMessage(HttpMethod.Post, target)
            {
                Content = JsonContent.Create(report, MeshJsonContext.Default.SidecarReport),
            });
            using var response = await connections.Client.SendAsync(request, attempt.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                Log.NotRegistered(logger, target);
                state.RequestReconnect();
            }
            else if (!response.IsSuccessStatusCode)
            {
                Log.ReportRefused(logger, target, (int)response.StatusCode);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            Log.ReportFailed(logger, target, ControlPlaneClient.Describe(ex));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(421, LogLevel.Information, "Control plane answered 404 to {Report}: it no longer knows this sidecar; registering again")]
        public static partial void NotRegistered(ILogger logger, Uri report);

        [LoggerMessage(422, LogLevel.Warning, "Control plane answered {StatusCode} to {Report}")]
        public static partial void ReportRefused(ILogger logger, Uri report, int statusCode);

        [LoggerMessage(423, LogLevel.Debug, "Report to {Report} failed: {Reason}")]
        public static partial void ReportFailed(ILogger logger, Uri report, string reason);
    }
}

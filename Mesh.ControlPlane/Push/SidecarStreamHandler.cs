using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Mesh.ControlPlane.Registry;
using Mesh.ControlPlane.Telemetry;
using Mesh.Model.Protocol;
using Mesh.Model.Registry;
using Mesh.Model.Snapshots;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Push;

/// <summary>
/// Serves one sidecar's push stream: registers the workload, writes newline-delimited JSON (the snapshot at
/// once, then each changed snapshot, and a ping every <see cref="PushOptions.PingInterval"/>), and
/// removes the workload when the stream ends. Each stream runs on its own request, so a slow sidecar delays
/// only itself.
/// </summary>
internal sealed partial class SidecarStreamHandler(
    WorkloadRegistry registry,
    SnapshotPublisher publisher,
    ISnapshotCompiler compiler,
    StartupSyncGate startupGate,
    IOptions<PushOptions> options,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<SidecarStreamHandler> logger,
    ControlPlaneMetrics? metrics = null)
{
    /// <summary>The media type of the push stream.</summary>
    public const string ContentType = ControlPlaneRoutes.StreamMediaType;

    // The results of a push, as the metric counts them.
    private const string PushSent = "sent";
    private const string PushUnchanged = "unchanged";
    private const string PushFailed = "failed";

    private static readonly StreamMessage Ping = new() { Type = StreamMessageTypes.Ping };

    /// <summary>Runs the stream of a validated registration until the sidecar, the lease or the host ends it.</summary>
    /// <param name="context">The stream's request.</param>
    /// <param name="registration">The registration, identity fields from the AppHost's declaration.</param>
    /// <param name="resuming">Whether the sidecar serves a snapshot already (it reconnects): only such a sidecar waits for <see cref="StartupSyncGate"/>.</param>
    public async Task RunAsync(HttpContext context, WorkloadRegistration registration, bool resuming)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(registration);

        using var lease = registry.Register(registration);
        using var streamEnd = CancellationTokenSource.CreateLinkedTokenSource(
            context.RequestAborted, lease.Ended, lifetime.ApplicationStopping);
        try
        {
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = ContentType;
            response.Headers.CacheControl = "no-cache";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

            await PushAsync(response.BodyWriter, lease, resuming, streamEnd.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (streamEnd.IsCancellationRequested)
        {
            // The sidecar went away, its lease ended, or the host is stopping.
        }
        catch (IOException)
        {
            // The connection broke mid-write.
        }
        finally
        {
            // A lease that ended was removed already (expired or replaced by a reconnect): this is a no-op then.
            var reason = lifetime.ApplicationStopping.IsCancellationRequested ? LeaveReason.ShuttingDown : LeaveReason.Disconnected;
            registry.Remove(lease, reason);
        }
    }

    private async Task PushAsync(PipeWriter body, WorkloadLease lease, bool resuming, CancellationToken cancellationToken)
    {
        var registration = lease.Registration;
        using var json = new Utf8JsonWriter(body);
        // Until the registry has caught up after a start, only pings to a sidecar that serves a snapshot: it sees the
        // control plane is back, keeps its stream and keeps serving its last snapshot. A new sidecar has nothing to
        // keep, so it gets what is known at once (and the rest as the others join), instead of staying unready.
        while (resuming && !startupGate.IsOpen)
        {
            if (!await WriteAsync(json, body, Ping, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await Task.WhenAny(startupGate.WaitAsync(cancellationToken), Task.Delay(options.Value.PingInterval, timeProvider, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        var model = publisher.Current;
        var sent = compiler.CompileSnapshot(model, registration);
        if (!await WriteAsync(json, body, Snapshot(sent), cancellationToken).ConfigureAwait(false))
        {
            metrics?.Pushed(PushFailed);
            return;
        }

        metrics?.Pushed(PushSent);
        registry.RecordSent(lease, sent.Version, sent.ConfigVersion);
        Log.Pushed(logger, sent.Version, registration.Workload);

        using var pingTimer = new PeriodicTimer(options.Value.PingInterval, timeProvider);
        var changed = publisher.WaitForChangeAsync(model);
        var pingDue = pingTimer.WaitForNextTickAsync(cancellationToken).AsTask();
        while (true)
        {
            // The ping wait observes the token, so this wakes on cancellation too.
            await Task.WhenAny(changed, pingDue).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            if (changed.IsCompleted)
            {
                model = await changed.ConfigureAwait(false);
                changed = publisher.WaitForChangeAsync(model);
                var next = compiler.CompileSnapshot(model, registration);
                if (!SnapshotEquality.ContentEquals(next, sent))
                {
                    if (!await WriteAsync(json, body, Snapshot(next), cancellationToken).ConfigureAwait(false))
                    {
                        metrics?.Pushed(PushFailed);
                        return;
                    }

                    metrics?.Pushed(PushSent);
                    sent = next;
                    registry.RecordSent(lease, sent.Version, sent.ConfigVersion);
                    Log.Pushed(logger, sent.Version, registration.Workload);
                }
                else
                {
                    metrics?.Pushed(PushUnchanged);
                    registry.RecordUnchanged(lease, next.ConfigVersion);
                }
            }

            if (pingDue.IsCompleted)
            {
                if (!await pingDue.ConfigureAwait(false)
                    || !await WriteAsync(json, body, Ping, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                pingDue = pingTimer.WaitForNextTickAsync(cancellationToken).AsTask();
            }
        }
    }

    private static StreamMessage Snapshot(SidecarSnapshot snapshot) => new() { Type = StreamMessageTypes.Snapshot, Snapshot = snapshot };

    /// <summary>Writes one line and flushes it to the wire; <see langword="false"/> once the peer is gone.</summary>
    private static async ValueTask<bool> WriteAsync(Utf8JsonWriter json, PipeWriter body, StreamMessage message, CancellationToken cancellationToken)
    {
        JsonSerializer.Serialize(json, message, MeshJsonContext.Default.StreamMessage);
        json.Flush();
        json.Reset();
        body.Write("\n"u8);
        var result = await body.FlushAsync(cancellationToken).ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 201, Level = LogLevel.Debug, Message = "Pushed snapshot {Version} to {Workload}")]
        public static partial void Pushed(ILogger logger, string version, string workload);
    }
}

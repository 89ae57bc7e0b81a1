using System.Collections.Concurrent;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.Internal.Restarts;

/// <summary>
/// Starts the mesh's processes again when they die on their own (killed, crashed), as the kubelet restarts a dead
/// container: the control plane, every sidecar, the gateway and every meshed app. It reads their dashboard snapshots
/// (<see cref="ProcessExitTracker"/> tells a death from a Stop), waits the back-off (<see cref="RestartBackoff"/>),
/// and sends the resource's Start command, which re-runs its start-up as the dashboard's Start button does. Off for a
/// mesh built with <c>WithRestarts(false)</c> or configuration key <c>Mesh:Restarts=false</c>; never once the AppHost
/// is shutting down.
/// </summary>
internal sealed partial class RestartWatcher : BackgroundService
{
    /// <summary>The dashboard property that counts a resource's restarts, as <c>kubectl get pods</c> shows RESTARTS.</summary>
    internal const string RestartsProperty = "mesh.restarts";

    private readonly DistributedApplicationModel _model;
    private readonly ResourceNotificationService _notifications;
    private readonly ResourceLoggerService _resourceLogs;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly Func<string, CancellationToken, Task<ExecuteCommandResult>> _start;
    private readonly ILogger<RestartWatcher> _logger;
    private readonly ConcurrentDictionary<string, ProcessExitTracker> _trackers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> _pending = new();
    private readonly TaskCompletionSource _watching = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RestartWatcher(
        DistributedApplicationModel model,
        ResourceNotificationService notifications,
        ResourceLoggerService resourceLogs,
        ResourceCommandService commands,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ILogger<RestartWatcher> logger)
        : this(model, notifications, resourceLogs, lifetime, time, (id, ct) => commands.ExecuteCommandAsync(id, KnownResourceCommands.StartCommand, ct), logger)
    {
    }

    // The start is the Start command in the AppHost and a fake in tests.
    internal RestartWatcher(
        DistributedApplicationModel model,
        ResourceNotificationService notifications,
        ResourceLoggerService resourceLogs,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        Func<string, CancellationToken, Task<ExecuteCommandResult>> start,
        ILogger<RestartWatcher> logger)
    {
        _model = model;
        _notifications = notifications;
        _resourceLogs = resourceLogs;
        _lifetime = lifetime;
        _time = time;
        _start = start;
        _logger = logger;
    }

    /// <summary>Whether the mesh restarts <paramref name="resource"/> when it dies: one of its processes, with restarts on.</summary>
    internal static bool Restarts(IResource resource)
    {
        var mesh = resource switch
        {
            MeshResource controlPlane => controlPlane,
            MeshSidecarResource sidecar => MeshOf(sidecar.Workload),
            MeshGatewayResource gateway => gateway.Mesh,
            _ => MeshOf(resource),
        };
        return mesh is { IsEnabled: true, RestartsDeadProcesses: true };
    }

    private static MeshResource? MeshOf(IResource workload) =>
        workload.TryGetLastAnnotation<MeshWorkloadAnnotation>(out var identity) && identity.Sidecar is not null ? identity.Mesh : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_model.Resources.Any(Restarts))
        {
            _watching.TrySetResult();
            return;
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _lifetime.ApplicationStopping);
        try
        {
            await foreach (var change in _notifications.WatchAsync(stopping.Token).ConfigureAwait(false))
            {
                // The first snapshot comes after the subscription: from here on no change is missed.
                _watching.TrySetResult();
                if (!Restarts(change.Resource))
                {
                    continue;
                }

                var tracker = _trackers.GetOrAdd(change.ResourceId, _ => new ProcessExitTracker());
                if (tracker.Observe(ProcessObservation.From(change.Snapshot)) is { } plan)
                {
                    Track(RestartAsync(change.Resource, change.ResourceId, tracker, plan, stopping.Token));
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        await InFlightAsync().ConfigureAwait(false);
    }

    /// <summary>Completes once the watcher sees every change of every resource (or has nothing to watch).</summary>
    internal Task Watching => _watching.Task;

    /// <summary>Completes when every restart under way (waiting out its back-off, or starting) has ended.</summary>
    internal Task InFlightAsync() => Task.WhenAll(_pending.Keys);

    private void Track(Task restart)
    {
        _pending[restart] = true;
        restart.ContinueWith(done => _pending.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RestartAsync(IResource resource, string resourceId, ProcessExitTracker tracker, RestartPlan plan, CancellationToken cancellationToken)
    {
        var resourceLog = _resourceLogs.GetLogger(resourceId);
        var exitCode = plan.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
        Log.Exited(_logger, resource.Name, exitCode, plan.Restart, plan.Delay.TotalSeconds);
        Log.Exited(resourceLog, resource.Name, exitCode, plan.Restart, plan.Delay.TotalSeconds);
        try
        {
            while (true)
            {
                await Task.Delay(plan.Delay, _time, cancellationToken).ConfigureAwait(false);
                if (!IsStillDown(resourceId))
                {
                    // Someone started it meanwhile (the dashboard's Start): nothing left to do.
                    return;
                }

                tracker.Restarting();
                var (started, reason) = await StartAsync(resourceId, cancellationToken).ConfigureAwait(false);
                if (started)
                {
                    Log.Restarted(_logger, resource.Name, plan.Restart);
                    Log.Restarted(resourceLog, resource.Name, plan.Restart);
                    await _notifications.PublishUpdateAsync(resource, resourceId, s => s with
                    {
                        Properties = SnapshotProperties.With(s.Properties, (RestartsProperty, plan.Restart.ToString(CultureInfo.InvariantCulture))),
                    }).ConfigureAwait(false);
                    return;
                }

                plan = tracker.StartRefused();
                Log.StartRefused(_logger, resource.Name, reason, plan.Delay.TotalSeconds);
                Log.StartRefused(resourceLog, resource.Name, reason, plan.Delay.TotalSeconds);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The AppHost is shutting down: what it stops stays stopped.
        }
    }

    private async Task<(bool Started, string Reason)> StartAsync(string resourceId, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _start(resourceId, cancellationToken).ConfigureAwait(false);
            return (result.Success, result.Message ?? "the Start command gave no reason");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever the orchestrator throws (DCP busy, the resource being recreated), the back-off tries again.
            return (false, ex.Message);
        }
    }

    private bool IsStillDown(string resourceId) =>
        _notifications.TryGetCurrentState(resourceId, out var current)
        && current.Snapshot.State?.Text is { } state
        && KnownResourceStates.TerminalStates.Contains(state);
}

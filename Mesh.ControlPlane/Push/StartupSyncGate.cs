using Mesh.ControlPlane.Registry;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Push;

/// <summary>
/// Holds back the first push to each sidecar that already serves a snapshot (<c>ServingVersion</c> in its registration:
/// it reconnects after the control plane restarted) until the registry has caught up after a control-plane start:
/// until every workload the AppHost declared has joined (each says at once whether its app serves), or a
/// grace period has passed. Without it, a restarted control plane would tell the first sidecar to reconnect
/// that its upstreams have no endpoints, and requests would fail until the others reconnect. Sidecars keep
/// serving their last snapshot meanwhile (istiod likewise waits for its caches to sync before serving xDS).
/// </summary>
internal sealed class StartupSyncGate : IRegistryObserver, IDisposable
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _declared;
    private readonly ITimer _timer;

    public StartupSyncGate(IOptions<PushOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _declared = options.Value.Workloads.Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        _timer = timeProvider.CreateTimer(_ => _open.TrySetResult(), null, options.Value.StartupSyncTimeout, Timeout.InfiniteTimeSpan);
        if (_declared.Count == 0)
        {
            _open.TrySetResult();
        }
    }

    /// <summary>Whether pushes may start.</summary>
    public bool IsOpen => _open.Task.IsCompleted;

    /// <summary>Completes when pushes may start.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);

    public void OnRegistryChanged(RegistryView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (!IsOpen && _declared.All(name => view.Entries.Any(e => e.Registration.Workload == name)))
        {
            _open.TrySetResult();
        }
    }

    public void Dispose() => _timer.Dispose();
}

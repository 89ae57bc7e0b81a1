using Mesh.Model.Registry;

namespace Mesh.ControlPlane.Registry;

/// <summary>
/// One push stream's claim on a workload's registry entry. A sidecar that reconnects gets a new lease that
/// replaces the old one, so the old stream's end cannot remove the new entry: removal goes by lease, not by name.
/// </summary>
internal sealed class WorkloadLease : IDisposable
{
    private readonly CancellationTokenSource _ended = new();
    private readonly Lock _lock = new();
    private bool _disposed;

    internal WorkloadLease(long id, WorkloadRegistration registration)
    {
        Id = id;
        Registration = registration;
    }

    /// <summary>Unique per control-plane run; tells a reconnect's lease from the one it replaced.</summary>
    public long Id { get; }

    /// <summary>What the sidecar registered.</summary>
    public WorkloadRegistration Registration { get; }

    /// <summary>The workload's name.</summary>
    public string Workload => Registration.Workload;

    /// <summary>Cancelled when the registry drops this lease (expired or replaced), so its stream closes.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Whether the registry has dropped this lease.</summary>
    public bool HasEnded => _ended.IsCancellationRequested;

    /// <summary>Signals <see cref="Ended"/>. Called by the registry outside its lock.</summary>
    internal void End()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _ended.Cancel();
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                _ended.Dispose();
            }
        }
    }
}

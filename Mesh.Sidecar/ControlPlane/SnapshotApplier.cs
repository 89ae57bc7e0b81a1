using Mesh.Model.Snapshots;
using Mesh.Sidecar.Outbound;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>
/// Holds the current compiled snapshot, the latest-value watch every request reads. A swap replaces the
/// whole model with one reference write, so a request sees the old snapshot or the new one, never a mix.
/// </summary>
internal sealed class SnapshotStore(SnapshotCompiler compiler, TimeProvider time)
{
    private SnapshotModel? _current;
    private Rejection? _lastRejection;

    /// <summary>The applied snapshot, or null before the first one arrives.</summary>
    public SnapshotModel? Current => Volatile.Read(ref _current);

    /// <summary>The last snapshot refused (the NACK to report), if any since the last accepted one.</summary>
    public Rejection? LastRejection => Volatile.Read(ref _lastRejection);

    /// <summary>Compiles and swaps in a snapshot; a snapshot that does not compile is refused and the current one stays.</summary>
    public bool TryApply(SidecarSnapshot snapshot, out string? reason)
    {
        if (compiler.TryCompile(snapshot, time.GetUtcNow(), out var model, out reason))
        {
            Volatile.Write(ref _current, model);
            Volatile.Write(ref _lastRejection, null);
            return true;
        }

        Volatile.Write(ref _lastRejection, new Rejection(snapshot.Version, reason));
        return false;
    }

    /// <summary>A refused snapshot's version and the reason.</summary>
    internal sealed record Rejection(string? Version, string Reason);
}

using Mesh.Model.Snapshots;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>The snapshot in force as pushed, and when it was applied (for <c>/config</c>, <c>/readyz</c> and the ACK).</summary>
internal sealed record AppliedSnapshot(SidecarSnapshot Source, DateTimeOffset AppliedAt)
{
    /// <summary>The snapshot's version.</summary>
    public string Version => Source.Version;
}

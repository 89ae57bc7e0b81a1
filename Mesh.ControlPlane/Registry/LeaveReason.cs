namespace Mesh.ControlPlane.Registry;

/// <summary>Why a workload left the registry.</summary>
internal enum LeaveReason
{
    /// <summary>Its push stream ended: the sidecar stopped, crashed or lost its connection.</summary>
    Disconnected,

    /// <summary>No report arrived within the lease timeout: the sidecar hangs or cannot reach us.</summary>
    LeaseExpired,

    /// <summary>The control plane is stopping and closed the stream.</summary>
    ShuttingDown,
}

/// <summary>Words for the log.</summary>
internal static class LeaveReasonExtensions
{
    public static string Describe(this LeaveReason reason) => reason switch
    {
        LeaveReason.Disconnected => "disconnected",
        LeaveReason.LeaseExpired => "lease expired",
        LeaveReason.ShuttingDown => "control plane stopping",
        _ => reason.ToString(),
    };
}

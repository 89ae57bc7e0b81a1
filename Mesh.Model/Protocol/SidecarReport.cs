namespace Mesh.Model.Protocol;

/// <summary>
/// What a sidecar posts to the control plane every second (<c>POST /v1/sidecars/{workload}/report</c>):
/// its lease renewal, whether its local app answers, its ACK or NACK of the last snapshot, and its edge counters.
/// </summary>
public sealed record SidecarReport
{
    /// <summary>Whether the sidecar's local app answered its last probe.</summary>
    public required bool AppServing { get; init; }

    /// <summary>Version of the snapshot the sidecar has applied (its ACK), if any.</summary>
    public string? AppliedVersion { get; init; }

    /// <summary>Version of a snapshot the sidecar refused (its NACK), if any.</summary>
    public string? RejectedVersion { get; init; }

    /// <summary>Why <see cref="RejectedVersion"/> was refused.</summary>
    public string? RejectReason { get; init; }

    /// <summary>The sidecar's edge counters (at most <see cref="EdgeTelemetry.MaxEdgesPerReport"/>); absent from sidecars that count none.</summary>
    public IReadOnlyList<EdgeReport>? Edges { get; init; }
}

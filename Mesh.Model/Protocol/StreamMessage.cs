using Mesh.Model.Snapshots;

namespace Mesh.Model.Protocol;

/// <summary>
/// One line of the control plane's push stream to a sidecar (newline-delimited JSON over a long-lived
/// HTTP response). <see cref="Type"/> is <see cref="StreamMessageTypes.Snapshot"/> with a snapshot, or
/// <see cref="StreamMessageTypes.Ping"/>, sent every few seconds so both ends notice a dead peer.
/// </summary>
public sealed record StreamMessage
{
    /// <summary>Message type; see <see cref="StreamMessageTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>The snapshot, when <see cref="Type"/> is <see cref="StreamMessageTypes.Snapshot"/>.</summary>
    public SidecarSnapshot? Snapshot { get; init; }
}

/// <summary>The values of <see cref="StreamMessage.Type"/>.</summary>
public static class StreamMessageTypes
{
    /// <summary>A whole snapshot to apply.</summary>
    public const string Snapshot = "snapshot";

    /// <summary>A keep-alive with no content.</summary>
    public const string Ping = "ping";
}

using Mesh.ControlPlane.Registry;
using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Push;

/// <summary>The push streams' start-up settings, bound from <c>Mesh:ControlPlane</c>.</summary>
internal sealed class PushOptions
{
    /// <summary>The section the options bind from, shared by every control-plane setting.</summary>
    public const string SectionName = RegistryOptions.SectionName;

    /// <summary>
    /// How often an idle push stream carries a ping line, so both ends notice a dead peer. Default 2 s:
    /// well inside the sidecar's read timeout, and cheap (one short line).
    /// </summary>
    public TimeSpan PingInterval { get; set; } = ControlPlaneRoutes.PingInterval;

    /// <summary>
    /// After a start, how long the first pushes wait at most for the AppHost's declared workloads to rejoin.
    /// Default 10 s: sidecars reconnect within two seconds of a restart; a workload that is really gone must
    /// not hold the rest back for long.
    /// </summary>
    public TimeSpan StartupSyncTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The workloads the AppHost declared: the first pushes wait for them, and their services are in every
    /// snapshot's catalog before their sidecars join.
    /// </summary>
    public List<DeclaredWorkloadOptions> Workloads { get; } = [];
}

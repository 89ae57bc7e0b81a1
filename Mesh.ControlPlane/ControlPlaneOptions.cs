using Mesh.Model.Protocol;
namespace Mesh.ControlPlane;

/// <summary>Startup settings of the control plane, bound from <c>Mesh:ControlPlane</c>.</summary>
internal sealed class ControlPlaneOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Mesh:ControlPlane";

    /// <summary>
    /// How often a sidecar reports (renews its lease). The sidecar owns this cadence; it is here so the
    /// lease can be checked against it.
    /// </summary>
    public static readonly TimeSpan SidecarReportInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often an idle push stream carries a ping line, so both ends notice a dead peer. Default 2 s:
    /// well inside the sidecar's read timeout, and cheap (one short line).
    /// </summary>
    public TimeSpan PingInterval { get; set; } = ControlPlaneRoutes.PingInterval;

    /// <summary>
    /// How long a workload stays registered without a report. Default 5 s: five missed reports, like a
    /// readiness probe's failure threshold, short enough that a hung sidecar leaves quickly on a laptop.
    /// </summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Folder that keeps run-time changes across restarts (per AppHost); none means they live in memory.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>Folder of YAML/JSON configuration files, read at start-up and watched; none when unset.</summary>
    public string? ConfigDirectory { get; set; }

    /// <summary>YAML documents given in the AppHost's C#, merged first.</summary>
    public List<string> Inline { get; } = [];

    /// <summary>The workloads the AppHost declared.</summary>
    public List<Configuration.DeclaredWorkloadOptions> Workloads { get; } = [];

    /// <summary>
    /// After a start, how long the first pushes wait at most for the AppHost's declared workloads to rejoin.
    /// Default 10 s: sidecars reconnect within two seconds of a restart; a workload that is really gone must
    /// not hold the rest back for long.
    /// </summary>
    public TimeSpan StartupSyncTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a workload certificate is valid. Default 24 h, Istio's default workload certificate TTL;
    /// sidecars renew at half-life. At least <see cref="Certificates.MeshCertificateAuthority.MinimumLifetime"/>
    /// (tests use minutes to watch renewal).
    /// </summary>
    public TimeSpan CertificateLifetime { get; set; } = Certificates.MeshCertificateAuthority.DefaultLifetime;

    /// <summary>How often expired leases are swept. Default 1 s, the report cadence.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}

using Mesh.Model.Conventions;

namespace Mesh.ControlPlane.Registry;

/// <summary>The registry's start-up settings: how long a workload stays without reporting.</summary>
internal sealed class RegistryOptions
{
    /// <summary>
    /// The one configuration section of every control-plane setting (Mesh.Hosting writes them as
    /// <c>Mesh__ControlPlane__*</c>, named in <see cref="MeshSettings.ControlPlane"/>). Each folder binds its own options
    /// class from it and reads only its own keys.
    /// </summary>
    public const string SectionName = MeshSettings.ControlPlane.Section;

    /// <summary>
    /// How often a sidecar reports (renews its lease). The sidecar owns this cadence; it is here so the
    /// lease can be checked against it.
    /// </summary>
    public static readonly TimeSpan SidecarReportInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a workload stays registered without a report. Default 5 s: five missed reports, like a
    /// readiness probe's failure threshold, short enough that a hung sidecar leaves quickly on a laptop.
    /// </summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often expired leases are swept. Default 1 s, the report cadence.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}

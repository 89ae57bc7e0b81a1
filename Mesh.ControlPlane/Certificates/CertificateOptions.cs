using Mesh.ControlPlane.Registry;

namespace Mesh.ControlPlane.Certificates;

/// <summary>The certificate authority's start-up settings, bound from <c>Mesh:ControlPlane</c>.</summary>
internal sealed class CertificateOptions
{
    /// <summary>The section the options bind from, shared by every control-plane setting.</summary>
    public const string SectionName = RegistryOptions.SectionName;

    /// <summary>Folder that keeps the root across restarts (per AppHost); none means a new root every start.</summary>
    public string? StateDirectory { get; set; }

    /// <summary>
    /// How long a workload certificate is valid. Default 24 h, Istio's default workload certificate TTL;
    /// sidecars renew at half-life. At least <see cref="MeshCertificateAuthority.MinimumLifetime"/>
    /// (tests use minutes to watch renewal).
    /// </summary>
    public TimeSpan CertificateLifetime { get; set; } = MeshCertificateAuthority.DefaultLifetime;

    /// <summary>The workloads the AppHost declared, with the bootstrap token each one's sidecar presents.</summary>
    public List<DeclaredWorkloadOptions> Workloads { get; } = [];
}

using Mesh.Model.Conventions;
using Mesh.Model.Registry;
using Mesh.Model.Resources;
using Mesh.Model.Snapshots;

namespace Mesh.Model.Compilation;

/// <summary>The proxy a snapshot is compiled for: its workload's identity and labels, and its mode.</summary>
internal sealed record ProxyIdentity
{
    /// <summary>Workload name, e.g. <c>reviews-v2</c>.</summary>
    public required string Workload { get; init; }

    /// <summary>Service the workload serves.</summary>
    public required string Service { get; init; }

    /// <summary>Namespace.</summary>
    public string Namespace { get; init; } = ResourceMetadata.DefaultNamespace;

    /// <summary>Service account.</summary>
    public required string ServiceAccount { get; init; }

    /// <summary>Labels; policies and subsets select by them.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = Resources.Empty.Map;

    /// <summary>Sidecar or gateway.</summary>
    public ProxyMode Mode { get; init; }

    /// <summary>Istio's principal for the workload: <c>cluster.local/ns/&lt;namespace&gt;/sa/&lt;account&gt;</c>.</summary>
    public string Principal => SpiffeIdentity.For(Namespace, ServiceAccount).Principal;

    /// <summary>The identity of a registered workload, with <c>app</c> and <c>version</c> labels added when missing.</summary>
    public static ProxyIdentity FromRegistration(WorkloadRegistration registration, ProxyMode mode = ProxyMode.Sidecar)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return new ProxyIdentity
        {
            Workload = registration.Workload,
            Service = registration.Service,
            Namespace = registration.Namespace,
            ServiceAccount = registration.ServiceAccount,
            Labels = Conventions.Labels.WithIdentity(registration.Labels, registration.Service, registration.Version),
            Mode = mode,
        };
    }
}

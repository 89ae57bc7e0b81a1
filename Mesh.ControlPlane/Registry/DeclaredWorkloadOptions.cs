using Mesh.Model.Compilation;
using Mesh.Model.Registry;

namespace Mesh.ControlPlane.Registry;

/// <summary>
/// A workload the AppHost declared (<c>Mesh:ControlPlane:Workloads:{i}</c>), known before its sidecar joins,
/// so configuration that names its service validates at start-up.
/// </summary>
internal sealed class DeclaredWorkloadOptions
{
    public string Name { get; set; } = "";

    public string Service { get; set; } = "";

    public string Version { get; set; } = "v1";

    public string? ServiceAccount { get; set; }

    public string Namespace { get; set; } = "default";

    /// <summary>
    /// The workload's bootstrap credential for this run: its sidecar, given the same token through its
    /// environment, presents it to get a certificate for this workload's identity (and no other). None means
    /// the workload cannot get a certificate.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>The declared workloads as registrations (no address yet), for the service catalog.</summary>
    public static IEnumerable<WorkloadRegistration> ToRegistrations(IEnumerable<DeclaredWorkloadOptions> workloads) =>
        workloads.Select(w => new WorkloadRegistration
        {
            Workload = w.Name,
            Service = w.Service,
            Version = w.Version,
            ServiceAccount = w.ServiceAccount ?? w.Service,
            Namespace = w.Namespace,
            InboundAddress = "http://declared.invalid",
        });

    /// <summary>
    /// The catalog configuration is validated and compiled against: the declared workloads, plus (replacing
    /// them by name) every workload that joined.
    /// </summary>
    public static ServiceCatalog Catalog(IEnumerable<DeclaredWorkloadOptions> declared, IEnumerable<WorkloadRegistration> joined) =>
        ServiceCatalog.FromRegistrations(ToRegistrations(declared).Concat(joined)
            .GroupBy(r => r.Workload, StringComparer.Ordinal)
            .Select(g => g.Last()));
}

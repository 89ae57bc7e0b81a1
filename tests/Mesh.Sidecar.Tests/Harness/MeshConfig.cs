using Mesh.Model.Compilation;
using Mesh.Model.Parsing;
using Mesh.Model.Registry;
using Mesh.Model.Snapshots;
using Mesh.Model.Validation;
using Mesh.Sidecar.Outbound;

namespace Mesh.Sidecar.Tests.Harness;

/// <summary>
/// Builds the snapshot a control plane would push to one sidecar: every registered workload as an endpoint
/// labelled <c>app</c> and <c>version</c> (as Mesh.ControlPlane/Push/SnapshotCompiler.cs does), and the sidecar's
/// <see cref="ConfigSnapshot"/> compiled from Istio YAML by the real model pipeline: read, validate, compile.
/// </summary>
internal static class MeshConfig
{
    /// <summary>
    /// A registration for workload <paramref name="workload"/> named <c>service-version</c> (<c>reviews-v2</c>), whose
    /// sidecar peers reach at <paramref name="address"/>.
    /// </summary>
    public static WorkloadRegistration Workload(string workload, Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var dash = workload.LastIndexOf('-');
        var (service, version) = dash > 0 ? (workload[..dash], workload[(dash + 1)..]) : (workload, "v1");
        return new WorkloadRegistration
        {
            Workload = workload,
            Service = service,
            Version = version,
            ServiceAccount = $"bookinfo-{service}",
            InboundAddress = address.GetLeftPart(UriPartial.Authority),
            AppServing = true,
            Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = service, ["version"] = version },
        };
    }

    /// <summary>
    /// Snapshot <paramref name="version"/> for the sidecar of <paramref name="proxy"/>: the services of
    /// <paramref name="workloads"/> (and the proxy's own) with their endpoints, and the configuration of
    /// <paramref name="yaml"/>, compiled for a sidecar or, with <paramref name="mode"/> <see cref="ProxyMode.Gateway"/>, for
    /// the ingress gateway. Throws when the YAML would be refused (a read or validation error).
    /// </summary>
    public static SidecarSnapshot Snapshot(string version, string yaml, WorkloadRegistration proxy, IEnumerable<WorkloadRegistration> workloads,
        ProxyMode mode = ProxyMode.Sidecar)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        var all = workloads.Append(proxy).DistinctBy(w => w.Workload).ToList();
        var catalog = ServiceCatalog.FromRegistrations(all);
        var read = ResourceReader.Read(yaml, "test.yaml");
        var diagnostics = read.HasErrors ? read.Diagnostics : read.Diagnostics.Concat(ConfigValidator.Validate(read.Resources, catalog));
        var errors = diagnostics.Where(d => d.IsError).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The test's YAML would be refused:\n" + string.Join('\n', errors));
        }

        var services = all
            .GroupBy(w => (w.Service, w.Namespace))
            .OrderBy(g => g.Key.Service, StringComparer.Ordinal)
            .Select(g => new ServiceSnapshot
            {
                Name = g.Key.Service,
                Namespace = g.Key.Namespace,
                Endpoints = [.. g.OrderBy(w => w.Workload, StringComparer.Ordinal).Select(ToEndpoint)],
            })
            .ToList();
        return new SidecarSnapshot
        {
            Version = version,
            ConfigVersion = 1,
            Services = services,
            Config = ConfigCompiler.Compile(read.Resources, catalog, ProxyIdentity.FromRegistration(proxy, mode)),
        };
    }

    // As the control plane's SnapshotCompiler: labels sorted, app and version always there.
    private static EndpointSnapshot ToEndpoint(WorkloadRegistration registration)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in registration.Labels)
        {
            labels[key] = value;
        }

        labels.TryAdd("app", registration.Service);
        labels.TryAdd("version", registration.Version);
        return new EndpointSnapshot
        {
            Workload = registration.Workload,
            Version = registration.Version,
            ServiceAccount = registration.ServiceAccount,
            Address = registration.InboundAddress,
            CleartextHttp2 = registration.CleartextHttp2,
            Labels = labels,
        };
    }
}

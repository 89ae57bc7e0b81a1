using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Registry;
using Mesh.Model.Compilation;
using Mesh.Model.Conventions;
using Mesh.Model.Registry;
using Mesh.Model.Snapshots;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Push;

/// <summary>
/// Compiles the registry and the configuration in force: services and their serving endpoints once per
/// change, then each sidecar's routes and policies from the configuration. Every sidecar sees every service
/// (like Istio without a <c>Sidecar</c> resource).
/// </summary>
internal sealed class SnapshotCompiler(IOptions<PushOptions> options, TrustBundle trust) : ISnapshotCompiler
{
    /// <summary>A compiler whose snapshots carry no trust bundle (tests of routing and endpoints).</summary>
    public SnapshotCompiler(IOptions<PushOptions> options)
        : this(options, TrustBundle.None)
    {
    }

    public MeshModel CompileModel(IReadOnlyList<RegistryEntry> registry, ConfigState config, string version)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrEmpty(version);

        // A service stays listed while any workload of it is registered, even with no serving endpoint, so
        // a sidecar can tell "no healthy upstream" (503, UH) from "no such service".
        var catalog = DeclaredWorkloadOptions.Catalog(options.Value.Workloads, registry.Select(static e => e.Registration));
        var services = new SortedDictionary<(string Name, string Namespace), List<EndpointSnapshot>>(ServiceKeyComparer.Instance);
        foreach (var entry in registry)
        {
            var registration = entry.Registration;
            var key = (registration.Service, registration.Namespace);
            if (!services.TryGetValue(key, out var endpoints))
            {
                endpoints = [];
                services.Add(key, endpoints);
            }

            if (entry.Serving)
            {
                endpoints.Add(ToEndpoint(registration, AcceptsMutualTls(registration, config, catalog)));
            }
        }

        var compiled = new ServiceSnapshot[services.Count];
        var i = 0;
        foreach (var ((name, ns), endpoints) in services)
        {
            endpoints.Sort(static (a, b) => string.CompareOrdinal(a.Workload, b.Workload));
            compiled[i++] = new ServiceSnapshot { Name = name, Namespace = ns, Endpoints = endpoints };
        }

        return new MeshModel(version, compiled, config, catalog);
    }

    public SidecarSnapshot CompileSnapshot(MeshModel model, WorkloadRegistration sidecar)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sidecar);
        return new SidecarSnapshot
        {
            Version = model.Version,
            ConfigVersion = model.Config.Version,
            Services = model.Services,
            Config = ConfigCompiler.Compile(model.Config.Resources, model.Catalog, ProxyIdentity.FromRegistration(sidecar, sidecar.Mode)),
            TrustBundle = trust.Roots,
            TrustBundleSignature = TokenOf(sidecar.Workload) is { } token && trust.Roots.Count > 0
                ? WorkloadToken.SignTrustBundle(token, trust.Roots)
                : null,
        };
    }

    private string? TokenOf(string workload) =>
        options.Value.Workloads.FirstOrDefault(w => string.Equals(w.Name, workload, StringComparison.Ordinal))?.Token is { Length: > 0 } token ? token : null;

    /// <summary>
    /// Istio's auto mTLS: callers use mutual TLS to an endpoint whose sidecar has a certificate, unless the
    /// PeerAuthentication in force for its app port is <c>DISABLE</c> (then the endpoint takes plain text only).
    /// Under <c>STRICT</c> callers use it whatever the registration says: an endpoint that claims to have no
    /// certificate must not get plain-text traffic the policy forbids, nor callers skip checking who answers.
    /// </summary>
    private static bool AcceptsMutualTls(WorkloadRegistration registration, ConfigState config, ServiceCatalog catalog) =>
        ConfigCompiler.PeerAuthentication(config.Resources, catalog, ProxyIdentity.FromRegistration(registration, registration.Mode))
            .ModeFor(registration.AppPort) switch
        {
            MtlsMode.Strict => true,
            MtlsMode.Disable => false,
            _ => registration.MutualTls,
        };

    private static EndpointSnapshot ToEndpoint(WorkloadRegistration registration, bool mutualTls)
    {
        // Subsets select by app and version (Istio's convention, which Bookinfo follows); make sure they are there even if the sidecar
        // left them out, and sort so the JSON is the same for the same labels.
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
            Labels = labels,
            MutualTls = mutualTls,
            CleartextHttp2 = registration.CleartextHttp2 && registration.Mode == ProxyMode.Sidecar,
        };
    }

    private sealed class ServiceKeyComparer : IComparer<(string Name, string Namespace)>
    {
        public static ServiceKeyComparer Instance { get; } = new();

        public int Compare((string Name, string Namespace) x, (string Name, string Namespace) y)
        {
            var byName = string.CompareOrdinal(x.Name, y.Name);
            return byName != 0 ? byName : string.CompareOrdinal(x.Namespace, y.Namespace);
        }
    }
}

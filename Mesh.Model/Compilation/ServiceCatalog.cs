using Mesh.Model.Conventions;
using Mesh.Model.Registry;
using Mesh.Model.Resources;

namespace Mesh.Model.Compilation;

/// <summary>
/// The services the mesh knows and the workloads behind each, as validation and compilation see them:
/// Kubernetes' Services and pods, built from the registry. Immutable; services ordered by name, then namespace.
/// </summary>
internal sealed class ServiceCatalog
{
    private readonly Dictionary<(string Name, string Namespace), CatalogService> _byKey;

    /// <summary>Creates a catalog of <paramref name="services"/>.</summary>
    public ServiceCatalog(IEnumerable<CatalogService> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Services = services
            .OrderBy(static s => s.Name, StringComparer.Ordinal)
            .ThenBy(static s => s.Namespace, StringComparer.Ordinal)
            .ToList();
        _byKey = new Dictionary<(string, string), CatalogService>();
        foreach (var service in Services)
        {
            _byKey[(service.Name.ToLowerInvariant(), service.Namespace.ToLowerInvariant())] = service;
        }
    }

    /// <summary>A catalog with no services.</summary>
    public static ServiceCatalog Empty { get; } = new([]);

    /// <summary>Every service, ordered by name, then namespace.</summary>
    public IReadOnlyList<CatalogService> Services { get; }

    /// <summary>Every workload of every service.</summary>
    public IEnumerable<CatalogWorkload> Workloads => Services.SelectMany(static s => s.Workloads);

    /// <summary>Builds a catalog from what sidecars registered (serving or not: a subset may select a starting workload).</summary>
    public static ServiceCatalog FromRegistrations(IEnumerable<WorkloadRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        return new ServiceCatalog(registrations
            .GroupBy(static r => (r.Service, r.Namespace))
            .Select(static g => new CatalogService
            {
                Name = g.Key.Service,
                Namespace = g.Key.Namespace,
                Workloads = g.Select(CatalogWorkload.FromRegistration).OrderBy(static w => w.Name, StringComparer.Ordinal).ToList(),
            }));
    }

    /// <summary>The service named <paramref name="name"/> in <paramref name="namespace"/>, if known.</summary>
    public CatalogService? Find(string name, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(@namespace);
        return _byKey.GetValueOrDefault((name.ToLowerInvariant(), @namespace.ToLowerInvariant()));
    }

    /// <summary>
    /// The service a host names: <c>reviews</c> (in <paramref name="contextNamespace"/>), <c>reviews.default</c>,
    /// <c>reviews.default.svc</c> or <c>reviews.default.svc.cluster.local</c>; null for anything else.
    /// </summary>
    public CatalogService? ResolveHost(string host, string contextNamespace) =>
        ServiceHosts.TryParse(host, contextNamespace, out var name, out var ns) ? Find(name, ns) : null;

    /// <summary>The services a wildcard host (<c>*</c>, <c>*.default.svc.cluster.local</c>) covers.</summary>
    public IEnumerable<CatalogService> Matching(string wildcardHost) =>
        Services.Where(s => ServiceHosts.WildcardMatches(wildcardHost, s.Host));

    /// <summary>
    /// What a Gateway API <c>backendRef</c> name means: a service, or, for a name that is no service, the
    /// version of a service it names (a workload name such as <c>reviews-v2</c>, or <c>&lt;service&gt;-&lt;version&gt;</c>),
    /// like the per-version Services of Istio's <c>bookinfo-versions.yaml</c>, which select <c>app</c> and <c>version</c>.
    /// </summary>
    public BackendTarget? ResolveBackend(string name, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Find(name, @namespace) is { } service)
        {
            return new BackendTarget(service, Resources.Empty.Map, null);
        }

        foreach (var candidate in Services)
        {
            if (!string.Equals(candidate.Namespace, @namespace, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var workload = candidate.Workloads.FirstOrDefault(w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase));
            var version = workload?.Version;
            if (version is null && name.Length > candidate.Name.Length + 1
                && name.StartsWith(candidate.Name + "-", StringComparison.OrdinalIgnoreCase))
            {
                version = name[(candidate.Name.Length + 1)..];
            }

            if (version is not null)
            {
                var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["app"] = candidate.Name, ["version"] = version };
                return new BackendTarget(candidate, labels, version);
            }
        }

        return null;
    }
}

/// <summary>A backend reference resolved to a service and, for a per-version name, that version's labels.</summary>
/// <param name="Service">The service.</param>
/// <param name="Labels">Labels the endpoints must carry; empty for the whole service.</param>
/// <param name="Version">The version named, if any.</param>
internal sealed record BackendTarget(CatalogService Service, IReadOnlyDictionary<string, string> Labels, string? Version);

/// <summary>A service and its workloads.</summary>
internal sealed record CatalogService
{
    /// <summary>Service name, e.g. <c>reviews</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Namespace.</summary>
    public string Namespace { get; init; } = ResourceMetadata.DefaultNamespace;

    /// <summary>Workloads of the service, ordered by name.</summary>
    public IReadOnlyList<CatalogWorkload> Workloads { get; init; } = [];

    /// <summary>Fully qualified host, e.g. <c>reviews.default.svc.cluster.local</c>.</summary>
    public string Host => ServiceHosts.Fqdn(Name, Namespace);

    /// <summary>The workloads whose labels include every one of <paramref name="labels"/>.</summary>
    public IEnumerable<CatalogWorkload> Select(IReadOnlyDictionary<string, string> labels) =>
        Workloads.Where(w => Labels.Contain(w.Labels, labels));
}

/// <summary>One workload: what a Kubernetes pod tells Istio about itself.</summary>
internal sealed record CatalogWorkload
{
    /// <summary>Workload name, e.g. <c>reviews-v2</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Service it serves.</summary>
    public required string Service { get; init; }

    /// <summary>Namespace.</summary>
    public string Namespace { get; init; } = ResourceMetadata.DefaultNamespace;

    /// <summary>Service account (its identity is <c>cluster.local/ns/&lt;namespace&gt;/sa/&lt;account&gt;</c>).</summary>
    public required string ServiceAccount { get; init; }

    /// <summary>Labels; always include <c>app</c> and <c>version</c>.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = Resources.Empty.Map;

    /// <summary>The <c>version</c> label.</summary>
    public string? Version => Labels.GetValueOrDefault("version");

    /// <summary>A workload from a sidecar's registration, with <c>app</c> and <c>version</c> added when missing.</summary>
    public static CatalogWorkload FromRegistration(WorkloadRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return new CatalogWorkload
        {
            Name = registration.Workload,
            Service = registration.Service,
            Namespace = registration.Namespace,
            ServiceAccount = registration.ServiceAccount,
            Labels = Conventions.Labels.WithIdentity(registration.Labels, registration.Service, registration.Version),
        };
    }
}

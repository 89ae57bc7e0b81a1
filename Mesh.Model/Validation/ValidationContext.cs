using Mesh.Model.Compilation;
using Mesh.Model.Conventions;
using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>What the analyzers share: the resources, the services, lookups across kinds, and the diagnostics found.</summary>
internal sealed class ValidationContext
{
    private readonly List<ConfigDiagnostic> _diagnostics = [];
    private readonly Dictionary<CatalogService, HashSet<string>> _subsets = [];

    public ValidationContext(IReadOnlyList<ConfigResource> resources, ServiceCatalog catalog)
    {
        Resources = resources;
        Catalog = catalog;
        foreach (var rule in resources.OfType<DestinationRule>())
        {
            foreach (var service in ServicesOf(rule.Spec.Host, rule.Metadata.Namespace))
            {
                if (!_subsets.TryGetValue(service, out var names))
                {
                    _subsets[service] = names = new HashSet<string>(StringComparer.Ordinal);
                }

                names.UnionWith(rule.Spec.Subsets.Select(static s => s.Name));
            }
        }
    }

    public IReadOnlyList<ConfigResource> Resources { get; }

    public ServiceCatalog Catalog { get; }

    public IReadOnlyList<ConfigDiagnostic> Diagnostics => _diagnostics;

    /// <summary>The services a host covers: the one it names, or every match of a wildcard.</summary>
    public IEnumerable<CatalogService> ServicesOf(string host, string contextNamespace)
    {
        if (ServiceHosts.IsWildcard(host))
        {
            return Catalog.Matching(host);
        }

        return Catalog.ResolveHost(host, contextNamespace) is { } service ? [service] : [];
    }

    /// <summary>Whether any DestinationRule defines subset <paramref name="subset"/> for <paramref name="service"/>.</summary>
    public bool DefinesSubset(CatalogService service, string subset) =>
        _subsets.TryGetValue(service, out var names) && names.Contains(subset);

    /// <summary>The Istio Gateway a VirtualService's <c>gateways</c> entry names (<c>name</c> or <c>namespace/name</c>).</summary>
    public Gateway? FindIstioGateway(string reference, string contextNamespace)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var (ns, name) = slash < 0 ? (contextNamespace, reference) : (reference[..slash], reference[(slash + 1)..]);
        return Resources.OfType<Gateway>().FirstOrDefault(g =>
            string.Equals(g.Metadata.Name, name, StringComparison.Ordinal) && string.Equals(g.Metadata.Namespace, ns, StringComparison.Ordinal));
    }

    public string KnownServices()
    {
        var names = Catalog.Services.Select(static s => s.Namespace == ResourceMetadata.DefaultNamespace ? s.Name : $"{s.Name}.{s.Namespace}").ToList();
        return names.Count == 0 ? "no services are known" : $"known services: {string.Join(", ", names.Take(12))}{(names.Count > 12 ? ", ..." : "")}";
    }

    public void Error(ConfigResource resource, string path, string code, string message) =>
        Report(resource, DiagnosticSeverity.Error, path, code, message);

    public void Warning(ConfigResource resource, string path, string code, string message) =>
        Report(resource, DiagnosticSeverity.Warning, path, code, message);

    private void Report(ConfigResource resource, DiagnosticSeverity severity, string path, string code, string message)
    {
        var origin = resource.Origin;
        var location = origin?.Find(path);
        var prefix = origin?.PathPrefix ?? "";
        var fullPath = prefix.Length == 0 ? path : path.Length == 0 ? prefix : $"{prefix}.{path}";
        _diagnostics.Add(new ConfigDiagnostic
        {
            Severity = severity,
            Code = code,
            Message = message,
            Source = origin?.Source ?? ConfigValidator.CodeSource,
            DocumentIndex = origin?.DocumentIndex,
            Kind = resource.Kind,
            Namespace = resource.Metadata.Namespace,
            Name = resource.Metadata.Name,
            Path = fullPath.Length == 0 ? null : fullPath,
            Line = location?.Line,
            Column = location?.Column,
        });
    }
}

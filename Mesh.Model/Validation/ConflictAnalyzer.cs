using Mesh.Model.Compilation;
using Mesh.Model.Conventions;
using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>
/// Finds resources that contradict each other, as istioctl's conflict analyzers do: the same resource twice,
/// two routing resources for one host (only one can apply), two DestinationRules for one host (Istio merges
/// them), two namespace-wide PeerAuthentications.
/// </summary>
internal static class ConflictAnalyzer
{
    public static void Analyze(ValidationContext context)
    {
        Duplicates(context);
        MeshRoutes(context);
        DestinationRules(context);
        PeerAuthentications(context);
    }

    private static void Duplicates(ValidationContext context)
    {
        foreach (var group in context.Resources.GroupBy(static r => r.Key).Where(static g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var duplicate in group.Skip(1))
            {
                context.Error(duplicate, "metadata.name", DiagnosticCodes.Duplicate, $"{duplicate.DisplayName} is also defined at {Where(first)}");
            }
        }
    }

    /// <summary>Mesh routing: one VirtualService or HTTPRoute per service host; HTTPRoutes for one Service merge.</summary>
    private static void MeshRoutes(ValidationContext context)
    {
        var owners = new Dictionary<CatalogService, (ConfigResource Resource, string Path)>();
        foreach (var resource in DistinctByKey(context.Resources))
        {
            foreach (var (service, path) in RoutedServices(context, resource))
            {
                if (!owners.TryGetValue(service, out var owner))
                {
                    owners[service] = (resource, path);
                }
                else if (owner.Resource is HttpRoute && resource is HttpRoute)
                {
                    context.Warning(resource, path, DiagnosticCodes.Conflict,
                        $"{owner.Resource.DisplayName} also routes Service {service.Name}; their rules are merged in namespace and name order");
                }
                else
                {
                    context.Error(resource, path, DiagnosticCodes.Conflict,
                        $"{owner.Resource.DisplayName} ({Where(owner.Resource)}) and {resource.DisplayName} both route host {service.Host} for the mesh; only one can apply: merge them");
                }
            }
        }
    }

    private static IEnumerable<(CatalogService Service, string Path)> RoutedServices(ValidationContext context, ConfigResource resource)
    {
        switch (resource)
        {
            case VirtualService { IsMeshBound: true } virtualService:
                var seen = new HashSet<CatalogService>();
                for (var i = 0; i < virtualService.Spec.Hosts.Count; i++)
                {
                    if (context.Catalog.ResolveHost(virtualService.Spec.Hosts[i], virtualService.Metadata.Namespace) is { } service && seen.Add(service))
                    {
                        yield return (service, $"spec.hosts[{i}]");
                    }
                }

                break;
            case HttpRoute route:
                for (var i = 0; i < route.Spec.ParentRefs.Count; i++)
                {
                    var parent = route.Spec.ParentRefs[i];
                    if (parent.IsService && context.Catalog.Find(parent.Name, parent.Namespace ?? route.Metadata.Namespace) is { } service)
                    {
                        yield return (service, $"spec.parentRefs[{i}]");
                    }
                }

                break;
        }
    }

    private static void DestinationRules(ValidationContext context)
    {
        var owners = new Dictionary<(CatalogService, string), DestinationRule>();
        foreach (var rule in DistinctByKey(context.Resources).OfType<DestinationRule>())
        {
            if (ServiceHosts.IsWildcard(rule.Spec.Host) || context.Catalog.ResolveHost(rule.Spec.Host, rule.Metadata.Namespace) is not { } service)
            {
                continue;
            }

            if (owners.TryGetValue((service, rule.Metadata.Namespace), out var first))
            {
                context.Warning(rule, "spec.host", DiagnosticCodes.Conflict,
                    $"{first.DisplayName} ({Where(first)}) also applies to host {service.Host}; as Istio, the mesh merges them: subsets combine and the traffic policy of the first by name applies");
            }
            else
            {
                owners[(service, rule.Metadata.Namespace)] = rule;
            }
        }
    }

    private static void PeerAuthentications(ValidationContext context)
    {
        var namespaceWide = DistinctByKey(context.Resources).OfType<PeerAuthentication>()
            .Where(static p => p.Spec.Selector is not { MatchLabels.Count: > 0 })
            .GroupBy(static p => p.Metadata.Namespace);
        foreach (var group in namespaceWide.Where(static g => g.Count() > 1))
        {
            var ordered = group.OrderBy(static p => p.Metadata.Name, StringComparer.Ordinal).ToList();
            foreach (var other in ordered.Skip(1))
            {
                context.Warning(other, "metadata.name", DiagnosticCodes.Conflict,
                    $"{ordered[0].DisplayName} is also namespace-wide in {group.Key}; only {ordered[0].Metadata.Name} applies (the first by name)");
            }
        }
    }

    private static IEnumerable<ConfigResource> DistinctByKey(IEnumerable<ConfigResource> resources) => resources.DistinctBy(static r => r.Key);

    private static string Where(ConfigResource resource) => resource.Origin is { } origin
        ? $"{origin.Source}, document {origin.DocumentIndex}"
        : ConfigValidator.CodeSource;
}

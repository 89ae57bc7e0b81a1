using Mesh.Model.Conventions;
using Mesh.Model.Resources;
using Mesh.Model.Snapshots;

namespace Mesh.Model.Compilation;

/// <summary>
/// Each service's policy and subsets from its DestinationRules, chosen as Istio does: a rule in the
/// caller's namespace first, then the service's, then the root namespace; an exact host before a wildcard.
/// Several rules in the chosen namespace merge: subsets combine (the first by name wins a clash), and the
/// first by name that has a traffic policy provides it.
/// </summary>
internal sealed class DestinationPolicies
{
    private readonly Dictionary<CatalogService, ServicePolicy> _byService = [];

    public ServicePolicy For(CatalogService service) => _byService.GetValueOrDefault(service) ?? ServicePolicy.None;

    public static DestinationPolicies Compile(CompileContext context)
    {
        var result = new DestinationPolicies();
        var rules = context.Of<DestinationRule>().ToList();
        foreach (var service in context.Catalog.Services)
        {
            var chosen = Choose(context, service, rules);
            if (chosen.Count > 0)
            {
                result._byService[service] = Merge(chosen);
            }
        }

        return result;
    }

    private static List<DestinationRule> Choose(CompileContext context, CatalogService service, List<DestinationRule> rules)
    {
        var exact = rules.Where(r => !ServiceHosts.IsWildcard(r.Spec.Host) && context.Catalog.ResolveHost(r.Spec.Host, r.Metadata.Namespace) == service).ToList();
        var candidates = exact.Count > 0
            ? exact
            : rules.Where(r => ServiceHosts.IsWildcard(r.Spec.Host) && ServiceHosts.WildcardMatches(r.Spec.Host, service.Host))
                .GroupBy(static r => r.Spec.Host.Length)
                .OrderByDescending(static g => g.Key)
                .FirstOrDefault()?.ToList() ?? [];
        foreach (var ns in (string[])[context.Proxy.Namespace, service.Namespace, ResourceKinds.RootNamespace])
        {
            var inNamespace = candidates.Where(r => r.Metadata.Namespace == ns).ToList();
            if (inNamespace.Count > 0)
            {
                return inNamespace;
            }
        }

        var first = candidates.FirstOrDefault()?.Metadata.Namespace;
        return candidates.Where(r => r.Metadata.Namespace == first).ToList();
    }

    private static ServicePolicy Merge(List<DestinationRule> rules)
    {
        var top = rules.Select(static r => r.Spec.TrafficPolicy).FirstOrDefault(static p => p is not null);
        var policy = PolicyCompiler.Compile(top, null);
        var subsets = new List<SubsetConfig>();
        foreach (var subset in rules.SelectMany(static r => r.Spec.Subsets))
        {
            if (subset.Name.Length > 0 && !subsets.Any(s => s.Name == subset.Name))
            {
                subsets.Add(new SubsetConfig
                {
                    Name = subset.Name,
                    Labels = Labels.Sorted(subset.Labels),
                    Policy = PolicyCompiler.Compile(top, subset.TrafficPolicy),
                });
            }
        }

        subsets.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new ServicePolicy(policy, subsets, string.Join(", ", rules.Select(static r => r.DisplayName)));
    }
}

/// <summary>A service's compiled policy, its subsets, and the rules they came from.</summary>
internal sealed record ServicePolicy(TrafficPolicyConfig Policy, IReadOnlyList<SubsetConfig> Subsets, string? Source)
{
    public static ServicePolicy None { get; } = new(TrafficPolicyConfig.Default, [], null);

    public SubsetConfig? Subset(string name) => Subsets.FirstOrDefault(s => s.Name == name);
}

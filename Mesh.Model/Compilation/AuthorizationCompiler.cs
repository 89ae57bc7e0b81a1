using System.Globalization;
using Mesh.Model.Conventions;
using Mesh.Model.Resources;
using Mesh.Model.Snapshots;

namespace Mesh.Model.Compilation;

/// <summary>
/// Compiles the AuthorizationPolicies that select the proxy's workload. What the mesh cannot evaluate
/// (request principals, IP blocks, trust domains, some condition keys) fails closed, as Istio does for
/// fields a proxy cannot enforce: an ALLOW or AUDIT rule using it is dropped (it never matches), a DENY
/// rule keeps its other constraints.
/// </summary>
internal static class AuthorizationCompiler
{
    public static IReadOnlyList<AuthorizationPolicyConfig> Compile(CompileContext context)
    {
        var proxy = context.Proxy;
        var policies = new List<AuthorizationPolicyConfig>();
        foreach (var policy in context.Of<AuthorizationPolicy>())
        {
            var ns = policy.Metadata.Namespace;
            var spec = policy.Spec;
            var inScope = ns == proxy.Namespace || ns == ResourceKinds.RootNamespace;
            var selected = spec.Selector is null || Labels.Contain(proxy.Labels, spec.Selector.MatchLabels);
            if (!inScope || !selected || spec.TargetRefs.Count > 0 || spec.Action == AuthorizationAction.Custom)
            {
                continue;
            }

            var action = spec.Action switch
            {
                AuthorizationAction.Deny => PolicyAction.Deny,
                AuthorizationAction.Audit => PolicyAction.Audit,
                _ => PolicyAction.Allow,
            };
            policies.Add(new AuthorizationPolicyConfig
            {
                Name = policy.Metadata.Name,
                Namespace = ns,
                Action = action,
                DryRun = policy.DryRun,
                Rules = spec.Rules.Select(r => Rule(r, action, ns)).OfType<AuthorizationRuleConfig>().ToList(),
            });
        }

        return policies;
    }

    private static AuthorizationRuleConfig? Rule(AuthorizationRule rule, PolicyAction action, string policyNamespace)
    {
        var unsupported = rule.From.Any(static s => s.HasUnsupportedFields)
            || rule.When.Any(static c => ConditionKeys.Classify(c.Key, out _) is ConditionKeyKind.Unsupported or ConditionKeyKind.Unknown);
        if (unsupported && action != PolicyAction.Deny)
        {
            return null;
        }

        return new AuthorizationRuleConfig
        {
            From = rule.From.Select(s => Source(s, policyNamespace)).ToList(),
            To = rule.To.Select(Operation).ToList(),
            When = rule.When.Select(c => Condition(c, policyNamespace)).OfType<ConditionConfig>().ToList(),
        };
    }

    private static SourceConfig Source(RuleSource source, string policyNamespace) => new()
    {
        Principals = [.. MatchCompiler.Patterns(source.Principals), .. source.ServiceAccounts.Select(a => Exact(Principal(a, policyNamespace)))],
        NotPrincipals = [.. MatchCompiler.Patterns(source.NotPrincipals), .. source.NotServiceAccounts.Select(a => Exact(Principal(a, policyNamespace)))],
        Namespaces = MatchCompiler.Patterns(source.Namespaces),
        NotNamespaces = MatchCompiler.Patterns(source.NotNamespaces),
    };

    private static OperationConfig Operation(RuleOperation operation) => new()
    {
        Hosts = MatchCompiler.Patterns(operation.Hosts, ignoreCase: true),
        NotHosts = MatchCompiler.Patterns(operation.NotHosts, ignoreCase: true),
        Methods = MatchCompiler.Patterns(operation.Methods),
        NotMethods = MatchCompiler.Patterns(operation.NotMethods),
        Paths = MatchCompiler.Patterns(operation.Paths),
        NotPaths = MatchCompiler.Patterns(operation.NotPaths),
        Ports = Ports(operation.Ports),
        NotPorts = Ports(operation.NotPorts),
    };

    private static ConditionConfig? Condition(RuleCondition condition, string policyNamespace)
    {
        var kind = ConditionKeys.Classify(condition.Key, out var header);
        return kind switch
        {
            ConditionKeyKind.RequestHeader => new ConditionConfig
            {
                Kind = ConditionKind.RequestHeader,
                Name = header!.ToLowerInvariant(),
                Values = MatchCompiler.Patterns(condition.Values),
                NotValues = MatchCompiler.Patterns(condition.NotValues),
            },
            ConditionKeyKind.SourceNamespace => Values(ConditionKind.SourceNamespace, condition),
            ConditionKeyKind.SourcePrincipal => Values(ConditionKind.SourcePrincipal, condition),
            ConditionKeyKind.DestinationPort => Values(ConditionKind.DestinationPort, condition),
            ConditionKeyKind.SourceServiceAccount => new ConditionConfig
            {
                Kind = ConditionKind.SourcePrincipal,
                Values = condition.Values.Select(a => Exact(Principal(a, policyNamespace))).ToList(),
                NotValues = condition.NotValues.Select(a => Exact(Principal(a, policyNamespace))).ToList(),
            },
            _ => null, // Only reached for DENY rules: the unsupported condition is dropped (fail closed).
        };

        static ConditionConfig Values(ConditionKind kind, RuleCondition condition) => new()
        {
            Kind = kind,
            Values = MatchCompiler.Patterns(condition.Values),
            NotValues = MatchCompiler.Patterns(condition.NotValues),
        };
    }

    /// <summary>Istio's principal for a service account written <c>name</c> (the policy's namespace) or <c>namespace/name</c>.</summary>
    private static string Principal(string account, string policyNamespace)
    {
        var slash = account.IndexOf('/', StringComparison.Ordinal);
        var (ns, name) = slash < 0 ? (policyNamespace, account) : (account[..slash], account[(slash + 1)..]);
        return SpiffeIdentity.For(ns, name).Principal;
    }

    private static StringMatchConfig Exact(string value) => new() { Kind = MatchKind.Exact, Value = value };

    private static List<int> Ports(IEnumerable<string> ports) =>
        ports.Select(static p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : -1).Where(static p => p >= 0).ToList();
}

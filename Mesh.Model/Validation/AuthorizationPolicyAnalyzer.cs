using System.Globalization;
using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>Checks an <c>AuthorizationPolicy</c> as Istio's validation does, plus what the mesh cannot enforce.</summary>
internal static class AuthorizationPolicyAnalyzer
{
    public static void Analyze(ValidationContext context, AuthorizationPolicy resource)
    {
        var spec = resource.Spec;
        var inRoot = resource.Metadata.Namespace == ResourceKinds.RootNamespace;
        Checks.SelectsWorkloads(context, resource, "spec.selector.matchLabels", spec.Selector?.MatchLabels, inRoot ? null : resource.Metadata.Namespace);
        if (spec.Action == AuthorizationAction.Custom)
        {
            context.Warning(resource, "spec.action", DiagnosticCodes.UnsupportedValue, "action CUSTOM is not supported by the mesh (no external authorizers); the policy is ignored");
        }

        if (spec.Action == AuthorizationAction.Deny && spec.Rules.Count == 0)
        {
            context.Error(resource, "spec.rules", DiagnosticCodes.MissingField, "a DENY policy without rules never applies; add an empty rule {} to deny every request");
        }

        for (var i = 0; i < spec.Rules.Count; i++)
        {
            Rule(context, resource, spec.Rules[i], $"spec.rules[{i}]");
        }
    }

    private static void Rule(ValidationContext context, AuthorizationPolicy resource, AuthorizationRule rule, string path)
    {
        for (var j = 0; j < rule.From.Count; j++)
        {
            Source(context, resource, rule.From[j], $"{path}.from[{j}].source");
        }

        for (var j = 0; j < rule.To.Count; j++)
        {
            var operation = rule.To[j];
            var at = $"{path}.to[{j}].operation";
            IReadOnlyList<string>[] fields = [operation.Hosts, operation.NotHosts, operation.Ports, operation.NotPorts, operation.Methods, operation.NotMethods, operation.Paths, operation.NotPaths];
            if (fields.All(static f => f.Count == 0))
            {
                context.Error(resource, at, DiagnosticCodes.MissingField, "must set at least one field");
            }

            Values(context, resource, $"{at}.hosts", operation.Hosts);
            Values(context, resource, $"{at}.notHosts", operation.NotHosts);
            Values(context, resource, $"{at}.methods", operation.Methods);
            Values(context, resource, $"{at}.notMethods", operation.NotMethods);
            Values(context, resource, $"{at}.paths", operation.Paths);
            Values(context, resource, $"{at}.notPaths", operation.NotPaths);
            Ports(context, resource, $"{at}.ports", operation.Ports);
            Ports(context, resource, $"{at}.notPorts", operation.NotPorts);
        }

        for (var j = 0; j < rule.When.Count; j++)
        {
            Condition(context, resource, rule.When[j], $"{path}.when[{j}]");
        }
    }

    private static void Source(ValidationContext context, AuthorizationPolicy resource, RuleSource source, string path)
    {
        IReadOnlyList<string>[] supported = [source.Principals, source.NotPrincipals, source.Namespaces, source.NotNamespaces, source.ServiceAccounts, source.NotServiceAccounts];
        if (supported.All(static f => f.Count == 0) && !source.HasUnsupportedFields)
        {
            context.Error(resource, path, DiagnosticCodes.MissingField, "must set at least one field");
        }

        if (source.ServiceAccounts.Count + source.NotServiceAccounts.Count > 0
            && source.Principals.Count + source.NotPrincipals.Count + source.Namespaces.Count + source.NotNamespaces.Count > 0)
        {
            context.Error(resource, path, DiagnosticCodes.InvalidValue, "serviceAccounts cannot be combined with principals or namespaces");
        }

        Principals(context, resource, $"{path}.principals", source.Principals);
        Principals(context, resource, $"{path}.notPrincipals", source.NotPrincipals);
        Values(context, resource, $"{path}.namespaces", source.Namespaces);
        Values(context, resource, $"{path}.notNamespaces", source.NotNamespaces);
        ServiceAccounts(context, resource, $"{path}.serviceAccounts", source.ServiceAccounts);
        ServiceAccounts(context, resource, $"{path}.notServiceAccounts", source.NotServiceAccounts);
    }

    private static void Condition(ValidationContext context, AuthorizationPolicy resource, RuleCondition condition, string path)
    {
        if (!Checks.Required(context, resource, $"{path}.key", condition.Key))
        {
            return;
        }

        if (condition.Values.Count + condition.NotValues.Count == 0)
        {
            context.Error(resource, path, DiagnosticCodes.MissingField, "needs values or notValues");
        }

        switch (ConditionKeys.Classify(condition.Key, out _))
        {
            case ConditionKeyKind.Unknown:
                context.Error(resource, $"{path}.key", DiagnosticCodes.InvalidValue, $"unknown condition key \"{condition.Key}\"");
                break;
            case ConditionKeyKind.Unsupported:
                context.Warning(resource, $"{path}.key", DiagnosticCodes.UnsupportedValue,
                    $"condition key \"{condition.Key}\" is not supported by the mesh; an ALLOW or AUDIT rule with it never matches, a DENY rule ignores it");
                break;
            case ConditionKeyKind.DestinationPort:
                Ports(context, resource, $"{path}.values", condition.Values);
                Ports(context, resource, $"{path}.notValues", condition.NotValues);
                break;
            case ConditionKeyKind.SourceServiceAccount:
                ServiceAccounts(context, resource, $"{path}.values", condition.Values);
                ServiceAccounts(context, resource, $"{path}.notValues", condition.NotValues);
                break;
            default:
                Values(context, resource, $"{path}.values", condition.Values);
                Values(context, resource, $"{path}.notValues", condition.NotValues);
                break;
        }
    }

    private static void Principals(ValidationContext context, AuthorizationPolicy resource, string path, IReadOnlyList<string> principals)
    {
        Values(context, resource, path, principals);
        for (var i = 0; i < principals.Count; i++)
        {
            if (principals[i].StartsWith("spiffe://", StringComparison.OrdinalIgnoreCase))
            {
                context.Error(resource, $"{path}[{i}]", DiagnosticCodes.InvalidValue,
                    $"\"{principals[i]}\": write principals without the spiffe:// prefix, e.g. cluster.local/ns/default/sa/bookinfo-productpage");
            }
        }
    }

    /// <summary>Istio's value syntax: non-empty, with <c>*</c> only alone, as a prefix or as a suffix.</summary>
    private static void Values(ValidationContext context, AuthorizationPolicy resource, string path, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            var stars = value.Count(static c => c == '*');
            if (value.Length == 0)
            {
                context.Error(resource, $"{path}[{i}]", DiagnosticCodes.InvalidValue, "empty value");
            }
            else if (stars > 1 || (stars == 1 && value[0] != '*' && value[^1] != '*'))
            {
                context.Error(resource, $"{path}[{i}]", DiagnosticCodes.InvalidValue, $"\"{value}\": '*' is allowed only alone, at the start or at the end");
            }
        }
    }

    private static void Ports(ValidationContext context, AuthorizationPolicy resource, string path, IReadOnlyList<string> ports)
    {
        for (var i = 0; i < ports.Count; i++)
        {
            if (!int.TryParse(ports[i], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            {
                context.Error(resource, $"{path}[{i}]", DiagnosticCodes.InvalidValue, $"\"{ports[i]}\" is not a port number");
            }
        }
    }

    private static void ServiceAccounts(ValidationContext context, AuthorizationPolicy resource, string path, IReadOnlyList<string> accounts)
    {
        for (var i = 0; i < accounts.Count; i++)
        {
            var parts = accounts[i].Split('/');
            if (accounts[i].Contains('*', StringComparison.Ordinal) || parts.Length > 2 || parts.Any(static p => p.Length == 0))
            {
                context.Error(resource, $"{path}[{i}]", DiagnosticCodes.InvalidValue, $"\"{accounts[i]}\": write name or namespace/name, without wildcards");
            }
        }
    }
}

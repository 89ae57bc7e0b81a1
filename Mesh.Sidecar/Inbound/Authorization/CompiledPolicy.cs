namespace Mesh.Sidecar.Inbound.Authorization;

/// <summary>
/// One AuthorizationPolicy ready for the hot path. It matches a request when any rule does; with no rules it matches
/// nothing (Istio generates a never-matching policy for it: an ALLOW <c>spec: {}</c> is allow-nothing).
/// </summary>
internal sealed class CompiledPolicy
{
    private readonly RuleMatcher[] _rules;

    public CompiledPolicy(AuthorizationPolicyConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Id = $"{config.Namespace}/{config.Name}";
        Action = config.Action;
        DryRun = config.DryRun;
        _rules = [.. config.Rules.Select(r => new RuleMatcher(r, config.Action))];
    }

    /// <summary><c>namespace/name</c>, built once so that naming the deciding policy allocates nothing.</summary>
    public string Id { get; }

    public PolicyAction Action { get; }

    public bool DryRun { get; }

    public bool Matches(in RequestAttributes request)
    {
        foreach (var rule in _rules)
        {
            if (rule.Matches(request))
            {
                return true;
            }
        }

        return false;
    }
}

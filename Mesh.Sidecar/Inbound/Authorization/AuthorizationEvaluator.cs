namespace Mesh.Sidecar.Inbound.Authorization;

/// <summary>
/// A workload's AuthorizationPolicies compiled once per snapshot, evaluated per request in Istio's order: CUSTOM is not
/// supported (the model drops it); then if any enforced DENY policy matches, deny; else if no enforced ALLOW policy
/// applies, allow; else if one matches, allow; else deny. AUDIT and dry-run policies never change the decision.
/// </summary>
/// <remarks>
/// Dry-run policies go where Istio puts them: into the shadow rules of the filter of their action (DENY or ALLOW).
/// <see cref="AuthorizationDecision.DryRun"/> answers the question a dry-run asks, "what if these were enforced?": the
/// DENY stage with the dry-run DENY policies added, then the ALLOW stage with the dry-run ALLOW policies added. Envoy
/// instead reports one shadow result per filter from that filter's dry-run policies alone; the two differ only where
/// enforced policies also decide. For example, Envoy's ALLOW shadow result is "denied" for a request that only an
/// enforced ALLOW policy matches, although enforcing the dry-run policy would still allow it.
/// </remarks>
internal sealed class AuthorizationEvaluator
{
    private readonly CompiledPolicy[] _deny;
    private readonly CompiledPolicy[] _allow;
    private readonly CompiledPolicy[] _audit;
    private readonly CompiledPolicy[] _dryRunDeny;
    private readonly CompiledPolicy[] _dryRunAllow;
    private readonly bool _empty;
    private readonly AuthorizationDecision _noAllowMatched;
    private readonly AuthorizationDecision _dryRunNoAllowMatched;

    public AuthorizationEvaluator(IReadOnlyList<AuthorizationPolicyConfig> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var compiled = policies.Select(static p => new CompiledPolicy(p)).ToList();
        _deny = Of(compiled, PolicyAction.Deny, dryRun: false);
        _allow = Of(compiled, PolicyAction.Allow, dryRun: false);
        _dryRunDeny = Of(compiled, PolicyAction.Deny, dryRun: true);
        _dryRunAllow = Of(compiled, PolicyAction.Allow, dryRun: true);

        // A dry-run AUDIT policy is left out: AUDIT's only effect is the audit-log mark, and dry-run withholds effects.
        _audit = Of(compiled, PolicyAction.Audit, dryRun: false);
        _empty = _deny.Length + _allow.Length + _audit.Length + _dryRunDeny.Length + _dryRunAllow.Length == 0;
        _noAllowMatched = NoAllowMatched(_allow);
        _dryRunNoAllowMatched = NoAllowMatched([.. _allow, .. _dryRunAllow]);
    }

    /// <summary>The evaluator of a workload without policies: allows everything.</summary>
    public static AuthorizationEvaluator Empty { get; } = new([]);

    /// <summary>Whether there is nothing to evaluate (every request is allowed, nothing is reported).</summary>
    public bool IsEmpty => _empty;

    /// <summary>The decision for <paramref name="request"/>; allocates only to list matched AUDIT policies.</summary>
    public AuthorizationDecision Evaluate(in RequestAttributes request)
    {
        if (_empty)
        {
            return AuthorizationDecision.NoAllowPolicies;
        }

        var decision = Enforce(request);
        if (_dryRunDeny.Length + _dryRunAllow.Length > 0)
        {
            decision = decision with { DryRun = DryRunOutcome.Of(Shadow(request, decision), decision) };
        }

        if (_audit.Length > 0 && Audited(request) is { } audited)
        {
            decision = decision with { AuditPolicies = audited };
        }

        return decision;
    }

    private AuthorizationDecision Enforce(in RequestAttributes request)
    {
        if (FirstMatch(_deny, request) is { } deny)
        {
            return AuthorizationDecision.DeniedBy(deny.Id);
        }

        if (_allow.Length == 0)
        {
            return AuthorizationDecision.NoAllowPolicies;
        }

        return FirstMatch(_allow, request) is { } allow ? AuthorizationDecision.AllowedBy(allow.Id) : _noAllowMatched;
    }

    /// <summary>The decision with the dry-run policies enforced too, reusing what <paramref name="enforced"/> already settled.</summary>
    private AuthorizationDecision Shadow(in RequestAttributes request, AuthorizationDecision enforced)
    {
        // An enforced DENY that matched still decides: dry-run policies add to a stage, never remove from it.
        if (enforced.Reason == AuthorizationReason.DenyPolicyMatched)
        {
            return enforced;
        }

        if (FirstMatch(_dryRunDeny, request) is { } deny)
        {
            return AuthorizationDecision.DeniedBy(deny.Id);
        }

        if (enforced.Reason == AuthorizationReason.AllowPolicyMatched || _allow.Length + _dryRunAllow.Length == 0)
        {
            return enforced;
        }

        return FirstMatch(_dryRunAllow, request) is { } allow ? AuthorizationDecision.AllowedBy(allow.Id) : _dryRunNoAllowMatched;
    }

    private List<string>? Audited(in RequestAttributes request)
    {
        List<string>? matched = null;
        foreach (var policy in _audit)
        {
            if (policy.Matches(request))
            {
                (matched ??= []).Add(policy.Id);
            }
        }

        return matched;
    }

    private static CompiledPolicy? FirstMatch(CompiledPolicy[] policies, in RequestAttributes request)
    {
        foreach (var policy in policies)
        {
            if (policy.Matches(request))
            {
                return policy;
            }
        }

        return null;
    }

    private static AuthorizationDecision NoAllowMatched(CompiledPolicy[] allow) =>
        AuthorizationDecision.NoAllowPolicyMatched(AuthorizationDecision.NoAllowPolicyMatchedValue(allow.Select(static p => p.Id)));

    private static CompiledPolicy[] Of(List<CompiledPolicy> policies, PolicyAction action, bool dryRun) =>
        [.. policies.Where(p => p.Action == action && p.DryRun == dryRun)];
}

namespace Mesh.Sidecar.Inbound.Authorization;

/// <summary>
/// One compiled rule: one of its sources (if it has any), one of its operations (if any) and every condition must
/// match. A rule with none of them (<c>rules: [{}]</c>) matches every request: Istio's allow-all and deny-all.
/// </summary>
internal sealed class RuleMatcher
{
    private readonly SourceMatcher[] _from;
    private readonly OperationMatcher[] _to;
    private readonly ConditionMatcher[] _when;

    /// <param name="config">The rule.</param>
    /// <param name="action">Its policy's action, which decides how paths compare (<see cref="OperationMatcher"/>).</param>
    public RuleMatcher(AuthorizationRuleConfig config, PolicyAction action)
    {
        ArgumentNullException.ThrowIfNull(config);
        _from = [.. config.From.Select(static s => new SourceMatcher(s))];
        _to = [.. config.To.Select(o => new OperationMatcher(o, action))];
        _when = [.. config.When.Select(static c => new ConditionMatcher(c))];
    }

    public bool Matches(in RequestAttributes request)
    {
        // Operations first: they test the request itself, and most rules that fail, fail on path or method.
        if (_to.Length > 0 && !AnyOperation(request))
        {
            return false;
        }

        if (_from.Length > 0 && !AnySource(request))
        {
            return false;
        }

        foreach (var condition in _when)
        {
            if (!condition.Matches(request))
            {
                return false;
            }
        }

        return true;
    }

    private bool AnyOperation(in RequestAttributes request)
    {
        foreach (var operation in _to)
        {
            if (operation.Matches(request))
            {
                return true;
            }
        }

        return false;
    }

    private bool AnySource(in RequestAttributes request)
    {
        foreach (var source in _from)
        {
            if (source.Matches(request))
            {
                return true;
            }
        }

        return false;
    }
}

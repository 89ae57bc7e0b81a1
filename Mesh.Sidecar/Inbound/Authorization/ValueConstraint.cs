using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Inbound.Authorization;

/// <summary>
/// One attribute's pair of lists in a source, operation or condition (<c>principals</c> and <c>notPrincipals</c>,
/// <c>values</c> and <c>notValues</c>, ...): the value must match one of the positive list, when it has entries, and
/// none of the negative list. Envoy generates the same: an OR of the values, AND NOT an OR of the not-values.
/// </summary>
/// <remarks>
/// An absent value (null) matches no entry, so it fails a positive list and passes a negative one. That is Envoy's
/// RBAC: on a plain-text connection its <c>authenticated</c> principal matcher is false, and Istio wraps not-values in
/// <c>not_id</c>, which turns it true. Istio's advisory ISTIO-SECURITY-2021-004 states the consequence: an ALLOW rule
/// with <c>notNamespaces: ["foo"]</c> allows a plain-text request from foo, and a DENY rule with
/// <c>notPrincipals: ["*"]</c> is how a policy rejects plain text.
/// </remarks>
internal sealed class ValueConstraint
{
    private readonly StringMatcher[] _values;
    private readonly StringMatcher[] _notValues;

    private ValueConstraint(IReadOnlyList<StringMatchConfig> values, IReadOnlyList<StringMatchConfig> notValues)
    {
        _values = [.. values.Select(static v => new StringMatcher(v))];
        _notValues = [.. notValues.Select(static v => new StringMatcher(v))];
    }

    /// <summary>The constraint of the two lists; null when both are empty (Istio then generates no matcher).</summary>
    public static ValueConstraint? Create(IReadOnlyList<StringMatchConfig> values, IReadOnlyList<StringMatchConfig> notValues) =>
        values.Count + notValues.Count == 0 ? null : new ValueConstraint(values, notValues);

    /// <summary>Whether <paramref name="value"/> (null when absent) satisfies both lists.</summary>
    public bool IsSatisfiedBy(string? value) =>
        (_values.Length == 0 || AnyMatches(_values, value)) && !AnyMatches(_notValues, value);

    private static bool AnyMatches(StringMatcher[] matchers, string? value)
    {
        foreach (var matcher in matchers)
        {
            if (matcher.Matches(value))
            {
                return true;
            }
        }

        return false;
    }
}

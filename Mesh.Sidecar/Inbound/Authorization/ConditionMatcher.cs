using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Inbound.Authorization;

/// <summary>One compiled <c>when</c> condition: the keyed attribute must match one of its values (if any) and none of its not-values.</summary>
internal sealed class ConditionMatcher
{
    private readonly ConditionKind _kind;
    private readonly string _header;
    private readonly ValueConstraint? _values;
    private readonly PortConstraint? _ports;

    public ConditionMatcher(ConditionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _kind = config.Kind;
        _header = config.Name ?? "";
        if (_kind == ConditionKind.DestinationPort)
        {
            _ports = PortConstraint.Create(config.Values, config.NotValues);
        }
        else
        {
            _values = ValueConstraint.Create(config.Values, config.NotValues);
        }
    }

    public bool Matches(in RequestAttributes request) => _kind switch
    {
        ConditionKind.DestinationPort => _ports?.IsSatisfiedBy(request.DestinationPort) ?? true,
        ConditionKind.SourcePrincipal => _values?.IsSatisfiedBy(request.Principal) ?? true,
        ConditionKind.SourceNamespace => _values?.IsSatisfiedBy(request.SourceNamespace) ?? true,
        ConditionKind.RequestHeader => _values?.IsSatisfiedBy(Header(request.Headers, _header)) ?? true,
        _ => false, // Unreachable: the model and the sidecar share the enum. Not matching keeps an ALLOW rule from widening.
    };

    /// <summary>
    /// The header as Envoy's RBAC header matcher sees it: absent is null, and several values of one name are joined
    /// with commas and matched as one string (Envoy's behaviour since CVE-2020-25017), so <c>version: v1</c> plus
    /// <c>version: v3</c> is <c>v1,v3</c> and matches neither <c>v1</c> nor <c>v3</c>. The routing matchers do the same.
    /// Joining allocates only in that rare case; one value is returned as it is.
    /// </summary>
    private static string? Header(IHeaderDictionary? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;
}

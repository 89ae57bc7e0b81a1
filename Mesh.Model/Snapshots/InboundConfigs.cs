using System.Text.Json.Serialization;

namespace Mesh.Model.Snapshots;

/// <summary>The policies for requests to the proxy's own workload: mTLS mode, authorization, rate limits.</summary>
public sealed record InboundConfig
{
    /// <summary>The effective PeerAuthentication.</summary>
    public required PeerAuthenticationConfig PeerAuthentication { get; init; }

    /// <summary>
    /// The AuthorizationPolicies that select the workload, by namespace and name. Evaluate as Istio: if a
    /// (non dry-run) DENY policy matches, deny; if there are ALLOW policies and none matches, deny; else allow.
    /// AUDIT and dry-run policies only log.
    /// </summary>
    public IReadOnlyList<AuthorizationPolicyConfig> AuthorizationPolicies { get; init; } = [];

    /// <summary>Local rate limits on the workload; a request must pass each that matches it.</summary>
    public IReadOnlyList<RateLimitConfig> RateLimits { get; init; } = [];
}

/// <summary>Inbound mutual TLS mode.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MtlsMode>))]
public enum MtlsMode
{
    /// <summary>Mutual TLS and plain text (Istio's default).</summary>
    Permissive,

    /// <summary>Mutual TLS only.</summary>
    Strict,

    /// <summary>Plain text only.</summary>
    Disable,
}

/// <summary>The effective PeerAuthentication: workload selector beats namespace beats mesh (root namespace).</summary>
public sealed record PeerAuthenticationConfig
{
    /// <summary>The mode of every port not in <see cref="Ports"/>.</summary>
    public required MtlsMode Mode { get; init; }

    /// <summary>Per-port overrides (workload ports, from a workload-level policy).</summary>
    public IReadOnlyList<PortMtlsConfig> Ports { get; init; } = [];

    /// <summary>The policy that decided the mode, e.g. <c>PeerAuthentication istio-system/default</c>; null for the default.</summary>
    public string? Source { get; init; }

    /// <summary>The mode for the workload's port <paramref name="port"/> (its app port): a port-level override, else <see cref="Mode"/>.</summary>
    public MtlsMode ModeFor(int? port)
    {
        foreach (var candidate in Ports)
        {
            if (candidate.Port == port)
            {
                return candidate.Mode;
            }
        }

        return Mode;
    }
}

/// <summary>A port's mutual TLS mode.</summary>
public sealed record PortMtlsConfig
{
    /// <summary>Workload port.</summary>
    public required int Port { get; init; }

    /// <summary>Mode.</summary>
    public required MtlsMode Mode { get; init; }
}

/// <summary>An authorization decision.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PolicyAction>))]
public enum PolicyAction
{
    /// <summary>ALLOW.</summary>
    Allow,

    /// <summary>DENY.</summary>
    Deny,

    /// <summary>AUDIT: log only.</summary>
    Audit,
}

/// <summary>An AuthorizationPolicy ready to evaluate.</summary>
public sealed record AuthorizationPolicyConfig
{
    /// <summary>Policy name; a denial names it (ARCHITECTURE.md, "Identity").</summary>
    public required string Name { get; init; }

    /// <summary>Policy namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The action.</summary>
    public required PolicyAction Action { get; init; }

    /// <summary>From <c>istio.io/dry-run: "true"</c>: log the decision, do not enforce it.</summary>
    public bool DryRun { get; init; }

    /// <summary>The policy matches a request when any rule does; none: it matches nothing (allow-nothing).</summary>
    public IReadOnlyList<AuthorizationRuleConfig> Rules { get; init; } = [];
}

/// <summary>A rule: one of <see cref="From"/> (if any), one of <see cref="To"/> (if any) and every <see cref="When"/> must match.</summary>
public sealed record AuthorizationRuleConfig
{
    /// <summary>Sources; empty matches every source.</summary>
    public IReadOnlyList<SourceConfig> From { get; init; } = [];

    /// <summary>Operations; empty matches every operation.</summary>
    public IReadOnlyList<OperationConfig> To { get; init; } = [];

    /// <summary>Conditions.</summary>
    public IReadOnlyList<ConditionConfig> When { get; init; } = [];
}

/// <summary>
/// A source: each non-empty list must match (one of the positive values, none of the negative ones).
/// Principals are Istio's (<c>cluster.local/ns/default/sa/bookinfo-productpage</c>: the SPIFFE id without
/// <c>spiffe://</c>); a plain-text caller has no principal and no namespace.
/// </summary>
public sealed record SourceConfig
{
    /// <summary>Principals, one must match.</summary>
    public IReadOnlyList<StringMatchConfig> Principals { get; init; } = [];

    /// <summary>Principals none may match.</summary>
    public IReadOnlyList<StringMatchConfig> NotPrincipals { get; init; } = [];

    /// <summary>Caller namespaces, one must match.</summary>
    public IReadOnlyList<StringMatchConfig> Namespaces { get; init; } = [];

    /// <summary>Caller namespaces none may match.</summary>
    public IReadOnlyList<StringMatchConfig> NotNamespaces { get; init; } = [];
}

/// <summary>An operation: each non-empty list must match.</summary>
public sealed record OperationConfig
{
    /// <summary>Hosts (case-insensitive).</summary>
    public IReadOnlyList<StringMatchConfig> Hosts { get; init; } = [];

    /// <summary>Hosts none may match.</summary>
    public IReadOnlyList<StringMatchConfig> NotHosts { get; init; } = [];

    /// <summary>Methods.</summary>
    public IReadOnlyList<StringMatchConfig> Methods { get; init; } = [];

    /// <summary>Methods none may match.</summary>
    public IReadOnlyList<StringMatchConfig> NotMethods { get; init; } = [];

    /// <summary>Paths (without query string).</summary>
    public IReadOnlyList<StringMatchConfig> Paths { get; init; } = [];

    /// <summary>Paths none may match.</summary>
    public IReadOnlyList<StringMatchConfig> NotPaths { get; init; } = [];

    /// <summary>Destination ports.</summary>
    public IReadOnlyList<int> Ports { get; init; } = [];

    /// <summary>Destination ports none may match.</summary>
    public IReadOnlyList<int> NotPorts { get; init; } = [];
}

/// <summary>What a condition tests.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConditionKind>))]
public enum ConditionKind
{
    /// <summary>A request header, named by <see cref="ConditionConfig.Name"/>.</summary>
    RequestHeader,

    /// <summary>The caller's namespace.</summary>
    SourceNamespace,

    /// <summary>The caller's principal.</summary>
    SourcePrincipal,

    /// <summary>The destination port.</summary>
    DestinationPort,
}

/// <summary>A <c>when</c> condition: the value must match one of <see cref="Values"/> (if any) and none of <see cref="NotValues"/>.</summary>
public sealed record ConditionConfig
{
    /// <summary>What is tested.</summary>
    public required ConditionKind Kind { get; init; }

    /// <summary>Header name (lower case) for <see cref="ConditionKind.RequestHeader"/>.</summary>
    public string? Name { get; init; }

    /// <summary>Values, one must match.</summary>
    public IReadOnlyList<StringMatchConfig> Values { get; init; } = [];

    /// <summary>Values none may match.</summary>
    public IReadOnlyList<StringMatchConfig> NotValues { get; init; } = [];
}

/// <summary>A token-bucket limit on inbound requests (a LocalRateLimit); rejections get 429 and flag <c>RL</c>.</summary>
public sealed record RateLimitConfig
{
    /// <summary>LocalRateLimit name.</summary>
    public required string Name { get; init; }

    /// <summary>LocalRateLimit namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>Bucket size.</summary>
    public required int MaxTokens { get; init; }

    /// <summary>Tokens added each <see cref="FillInterval"/>.</summary>
    public required int TokensPerFill { get; init; }

    /// <summary>Refill period.</summary>
    public required TimeSpan FillInterval { get; init; }

    /// <summary>One bucket per caller principal (plain-text callers share one) instead of one for the workload.</summary>
    public bool PerSource { get; init; }

    /// <summary>Paths limited; empty limits every request.</summary>
    public IReadOnlyList<StringMatchConfig> Paths { get; init; } = [];
}

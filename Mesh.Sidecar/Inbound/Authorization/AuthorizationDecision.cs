namespace Mesh.Sidecar.Inbound.Authorization;

/// <summary>
/// The outcome of evaluating a workload's AuthorizationPolicies for one request: whether it may pass, the policy
/// that decided (for the denial header and the log), what the dry-run policies would have decided, and which AUDIT
/// policies matched. A struct so that a decision without dry-run or audit findings allocates nothing.
/// </summary>
internal readonly record struct AuthorizationDecision
{
    /// <summary>How <see cref="DecidingPolicy"/> starts when the request was denied because no ALLOW policy matched.</summary>
    public const string NoAllowPolicyMatchedPrefix = "no ALLOW policy matched";

    private readonly IReadOnlyList<string>? _auditPolicies;

    /// <summary>Whether the request may pass.</summary>
    public bool Allowed { get; init; }

    /// <summary>Why.</summary>
    public AuthorizationReason Reason { get; init; }

    /// <summary>
    /// The deciding policy as <c>namespace/name</c>; when denied because no ALLOW policy matched, a
    /// <see cref="NoAllowPolicyMatchedValue"/> naming the ALLOW policies tried; null when allowed because no ALLOW
    /// policy applies.
    /// </summary>
    public string? DecidingPolicy { get; init; }

    /// <summary>The decision if the dry-run policies were enforced; null when the workload has no dry-run policy.</summary>
    public DryRunOutcome? DryRun { get; init; }

    /// <summary>The enforced AUDIT policies that matched, as <c>namespace/name</c>: the request is to be audit-logged.</summary>
    public IReadOnlyList<string> AuditPolicies
    {
        get => _auditPolicies ?? [];
        init => _auditPolicies = value;
    }

    /// <summary>The decision for a workload without policies, or none that decides: allowed.</summary>
    public static AuthorizationDecision NoAllowPolicies => new() { Allowed = true, Reason = AuthorizationReason.NoAllowPolicies };

    /// <summary>Denied: the workload has ALLOW policies and none matched; <paramref name="value"/> is a <see cref="NoAllowPolicyMatchedValue"/>.</summary>
    public static AuthorizationDecision NoAllowPolicyMatched(string value) =>
        new() { Allowed = false, Reason = AuthorizationReason.NoAllowPolicyMatched, DecidingPolicy = value };

    /// <summary>
    /// The <see cref="DecidingPolicy"/> of a denial because none of <paramref name="allowPolicies"/> matched, e.g.
    /// <c>no ALLOW policy matched (default/allow-nothing, default/details-viewer)</c>. No single policy decided (Envoy's
    /// RBAC log says <c>matched policy none</c>), yet "which policy denied me?" is best answered with the ALLOW policies
    /// the request failed. Built once per snapshot, so a denial allocates nothing.
    /// </summary>
    public static string NoAllowPolicyMatchedValue(IEnumerable<string> allowPolicies) =>
        $"{NoAllowPolicyMatchedPrefix} ({string.Join(", ", allowPolicies)})";

    /// <summary>Denied by DENY policy <paramref name="policy"/> (<c>namespace/name</c>).</summary>
    public static AuthorizationDecision DeniedBy(string policy) =>
        new() { Allowed = false, Reason = AuthorizationReason.DenyPolicyMatched, DecidingPolicy = policy };

    /// <summary>Allowed by ALLOW policy <paramref name="policy"/> (<c>namespace/name</c>).</summary>
    public static AuthorizationDecision AllowedBy(string policy) =>
        new() { Allowed = true, Reason = AuthorizationReason.AllowPolicyMatched, DecidingPolicy = policy };
}

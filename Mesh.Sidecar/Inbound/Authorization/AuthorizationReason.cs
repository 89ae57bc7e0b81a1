namespace Mesh.Sidecar.Inbound.Authorization;

/// <summary>Why an authorization decision came out as it did, in Istio's order of evaluation.</summary>
internal enum AuthorizationReason
{
    /// <summary>Allowed: no DENY policy matched and no ALLOW policy applies to the workload (also: no policies at all).</summary>
    NoAllowPolicies,

    /// <summary>Denied: a DENY policy matched.</summary>
    DenyPolicyMatched,

    /// <summary>Allowed: an ALLOW policy matched.</summary>
    AllowPolicyMatched,

    /// <summary>Denied: the workload has ALLOW policies and none matched.</summary>
    NoAllowPolicyMatched,
}

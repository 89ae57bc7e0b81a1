namespace Mesh.Model.Resources;

/// <summary>Istio <c>AuthorizationPolicy</c> (<c>security.istio.io</c> v1, v1beta1).</summary>
public sealed record AuthorizationPolicy() : ConfigResource(ResourceKinds.SecurityV1)
{
    /// <summary>The annotation that makes a policy log its decision without enforcing it.</summary>
    public const string DryRunAnnotation = "istio.io/dry-run";

    /// <inheritdoc />
    public override string Kind => ResourceKinds.AuthorizationPolicy;

    /// <summary><c>spec</c>.</summary>
    public AuthorizationPolicySpec Spec { get; init; } = new();

    /// <summary>Whether the <c>istio.io/dry-run</c> annotation is <c>true</c>.</summary>
    public bool DryRun =>
        Metadata.Annotations.TryGetValue(DryRunAnnotation, out var value)
        && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>An <c>AuthorizationPolicy</c>'s <c>spec</c>.</summary>
public sealed record AuthorizationPolicySpec
{
    /// <summary><c>selector</c>; absent applies to every workload of the namespace (or the mesh, in the root namespace).</summary>
    public WorkloadSelector? Selector { get; init; }

    /// <summary>
    /// <c>targetRef</c> and <c>targetRefs</c> (waypoints and gateways in Istio): not supported; a policy with
    /// them applies to no sidecar, as in Istio.
    /// </summary>
    public IReadOnlyList<PolicyTargetReference> TargetRefs { get; init; } = [];

    /// <summary><c>action</c>; <c>ALLOW</c> when absent.</summary>
    public AuthorizationAction Action { get; init; }

    /// <summary><c>rules</c>: the policy matches a request when any rule does. No rules: matches nothing.</summary>
    public IReadOnlyList<AuthorizationRule> Rules { get; init; } = [];
}

/// <summary>Values of <c>action</c>.</summary>
public enum AuthorizationAction
{
    /// <summary><c>ALLOW</c>.</summary>
    Allow,

    /// <summary><c>DENY</c>.</summary>
    Deny,

    /// <summary><c>AUDIT</c>: marks matching requests for audit logging; does not decide.</summary>
    Audit,

    /// <summary><c>CUSTOM</c> (an external authorizer): not supported; the policy is ignored.</summary>
    Custom,
}

/// <summary>Istio's <c>Rule</c>: <see cref="From"/>, <see cref="To"/> and <see cref="When"/> must all match.</summary>
public sealed record AuthorizationRule
{
    /// <summary><c>from[].source</c>: any one must match; empty matches every source.</summary>
    public IReadOnlyList<RuleSource> From { get; init; } = [];

    /// <summary><c>to[].operation</c>: any one must match; empty matches every operation.</summary>
    public IReadOnlyList<RuleOperation> To { get; init; } = [];

    /// <summary><c>when</c>: every condition must match.</summary>
    public IReadOnlyList<RuleCondition> When { get; init; } = [];
}

/// <summary>
/// Istio's <c>Source</c>: every field set must match. Values allow <c>*</c>, <c>prefix*</c> and <c>*suffix</c>.
/// The request-authentication and IP fields are kept so the compiler can fail closed on them.
/// </summary>
public sealed record RuleSource
{
    /// <summary><c>principals</c>, e.g. <c>cluster.local/ns/default/sa/bookinfo-productpage</c>.</summary>
    public IReadOnlyList<string> Principals { get; init; } = [];

    /// <summary><c>notPrincipals</c>.</summary>
    public IReadOnlyList<string> NotPrincipals { get; init; } = [];

    /// <summary><c>namespaces</c>.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary><c>notNamespaces</c>.</summary>
    public IReadOnlyList<string> NotNamespaces { get; init; } = [];

    /// <summary><c>serviceAccounts</c>: <c>name</c> (the policy's namespace) or <c>namespace/name</c>.</summary>
    public IReadOnlyList<string> ServiceAccounts { get; init; } = [];

    /// <summary><c>notServiceAccounts</c>.</summary>
    public IReadOnlyList<string> NotServiceAccounts { get; init; } = [];

    /// <summary><c>requestPrincipals</c>: not supported (no request authentication).</summary>
    public IReadOnlyList<string> RequestPrincipals { get; init; } = [];

    /// <summary><c>notRequestPrincipals</c>: not supported.</summary>
    public IReadOnlyList<string> NotRequestPrincipals { get; init; } = [];

    /// <summary><c>ipBlocks</c>: not supported (every caller is on loopback).</summary>
    public IReadOnlyList<string> IpBlocks { get; init; } = [];

    /// <summary><c>notIpBlocks</c>: not supported.</summary>
    public IReadOnlyList<string> NotIpBlocks { get; init; } = [];

    /// <summary><c>remoteIpBlocks</c>: not supported.</summary>
    public IReadOnlyList<string> RemoteIpBlocks { get; init; } = [];

    /// <summary><c>notRemoteIpBlocks</c>: not supported.</summary>
    public IReadOnlyList<string> NotRemoteIpBlocks { get; init; } = [];

    /// <summary><c>trustDomains</c>: not supported.</summary>
    public IReadOnlyList<string> TrustDomains { get; init; } = [];

    /// <summary><c>notTrustDomains</c>: not supported.</summary>
    public IReadOnlyList<string> NotTrustDomains { get; init; } = [];

    /// <summary>Whether any field the mesh cannot evaluate is set.</summary>
    public bool HasUnsupportedFields =>
        RequestPrincipals.Count + NotRequestPrincipals.Count + IpBlocks.Count + NotIpBlocks.Count
        + RemoteIpBlocks.Count + NotRemoteIpBlocks.Count + TrustDomains.Count + NotTrustDomains.Count > 0;
}

/// <summary>Istio's <c>Operation</c>: every field set must match.</summary>
public sealed record RuleOperation
{
    /// <summary><c>hosts</c>.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary><c>notHosts</c>.</summary>
    public IReadOnlyList<string> NotHosts { get; init; } = [];

    /// <summary><c>ports</c>.</summary>
    public IReadOnlyList<string> Ports { get; init; } = [];

    /// <summary><c>notPorts</c>.</summary>
    public IReadOnlyList<string> NotPorts { get; init; } = [];

    /// <summary><c>methods</c>.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    /// <summary><c>notMethods</c>.</summary>
    public IReadOnlyList<string> NotMethods { get; init; } = [];

    /// <summary><c>paths</c>.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary><c>notPaths</c>.</summary>
    public IReadOnlyList<string> NotPaths { get; init; } = [];
}

/// <summary>Istio's <c>Condition</c>: <see cref="Key"/> must match one of <see cref="Values"/> and none of <see cref="NotValues"/>.</summary>
public sealed record RuleCondition
{
    /// <summary><c>key</c>, e.g. <c>request.headers[version]</c>.</summary>
    public string Key { get; init; } = "";

    /// <summary><c>values</c>.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary><c>notValues</c>.</summary>
    public IReadOnlyList<string> NotValues { get; init; } = [];
}

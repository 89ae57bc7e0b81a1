using Mesh.Sidecar.Inbound.Authorization;
using Mesh.Sidecar.Inbound.RateLimiting;

namespace Mesh.Sidecar.Inbound;

/// <summary>
/// Everything the inbound stack enforces, compiled once per snapshot (<see cref="InboundPolicyCompiler"/>): the
/// PeerAuthentication mode for the app's port, the AuthorizationPolicies and the local rate limits. A request reads it
/// once; a connection reads it once at accept.
/// </summary>
internal sealed class InboundPolicy(MtlsMode mode, string modeSource, AuthorizationEvaluator authorization, LocalRateLimits rateLimits)
{
    /// <summary>Before the first snapshot: Istio's defaults (PERMISSIVE, nothing denied, no limits).</summary>
    public static InboundPolicy Default { get; } = new(MtlsMode.Permissive, "the default", AuthorizationEvaluator.Empty, LocalRateLimits.None);

    /// <summary>The PeerAuthentication mode in force for the workload's app port.</summary>
    public MtlsMode Mode { get; } = mode;

    /// <summary>The policy that set <see cref="Mode"/>, for log lines.</summary>
    public string ModeSource { get; } = modeSource;

    /// <summary>The workload's AuthorizationPolicies.</summary>
    public AuthorizationEvaluator Authorization { get; } = authorization;

    /// <summary>The workload's local rate limits, with their buckets.</summary>
    public LocalRateLimits RateLimits { get; } = rateLimits;
}

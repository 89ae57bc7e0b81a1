using Mesh.Model.Snapshots;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Inbound.Authorization;
using Mesh.Sidecar.Inbound.RateLimiting;

namespace Mesh.Sidecar.Inbound;

/// <summary>
/// Compiles a snapshot's inbound part into an <see cref="InboundPolicy"/>. Rate-limit buckets carry over from the policy
/// in force while their limit is unchanged, so a config push does not refill them.
/// </summary>
internal sealed class InboundPolicyCompiler(SidecarIdentity identity, Watch<InboundPolicy> current, TimeProvider time)
{
    public InboundPolicy Compile(SidecarSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var inbound = snapshot.Config?.Inbound;
        if (inbound is null)
        {
            return InboundPolicy.Default;
        }

        var peerAuthentication = inbound.PeerAuthentication;
        return new InboundPolicy(
            peerAuthentication.ModeFor(identity.AppPort),
            peerAuthentication.Source ?? "the default",
            inbound.AuthorizationPolicies is { Count: > 0 } policies ? new AuthorizationEvaluator(policies) : AuthorizationEvaluator.Empty,
            LocalRateLimits.Compile(inbound.RateLimits, current.Current.RateLimits, time));
    }
}

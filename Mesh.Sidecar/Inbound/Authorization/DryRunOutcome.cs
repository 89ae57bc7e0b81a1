namespace Mesh.Sidecar.Inbound.Authorization;

/// <summary>
/// What the workload would decide if its dry-run policies (<c>istio.io/dry-run: "true"</c>) were enforced beside the
/// enforced ones: the question dry-run answers before a policy goes live. It never changes the real decision; the
/// sidecar logs it and counts it.
/// </summary>
/// <param name="Allowed">Whether the request would pass.</param>
/// <param name="Reason">Why it would.</param>
/// <param name="DecidingPolicy">As <see cref="AuthorizationDecision.DecidingPolicy"/>.</param>
/// <param name="ChangesDecision">Whether enforcing the dry-run policies would flip allowed to denied or back.</param>
internal readonly record struct DryRunOutcome(bool Allowed, AuthorizationReason Reason, string? DecidingPolicy, bool ChangesDecision)
{
    /// <summary>
    /// A log line, e.g. <c>dry-run: would deny by default/deny-get</c>. It allocates: call it only when logging.
    /// </summary>
    public string Describe() => Reason switch
    {
        AuthorizationReason.DenyPolicyMatched => $"dry-run: would deny by {DecidingPolicy}",
        AuthorizationReason.AllowPolicyMatched => $"dry-run: would allow by {DecidingPolicy}",
        AuthorizationReason.NoAllowPolicyMatched => $"dry-run: would deny: {DecidingPolicy}",
        _ => "dry-run: would allow (no ALLOW policy applies)",
    };

    /// <summary>The outcome that <paramref name="decision"/> would be, compared with the enforced <paramref name="enforced"/>.</summary>
    public static DryRunOutcome Of(AuthorizationDecision decision, AuthorizationDecision enforced) =>
        new(decision.Allowed, decision.Reason, decision.DecidingPolicy, decision.Allowed != enforced.Allowed);
}

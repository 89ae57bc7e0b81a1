using Mesh.Sidecar.Inbound.Authorization;
using static Mesh.Sidecar.Tests.Harness.Authz;

namespace Mesh.Sidecar.Tests.Inbound.Authorization;

/// <summary>
/// Policies that never change the decision: dry-run policies (<c>istio.io/dry-run: "true"</c>) report what enforcing
/// them would decide, AUDIT policies report that the request is to be audit-logged.
/// </summary>
public sealed class DryRunAndAuditTests
{
    // Istio's dry-run task: deny GET /headers, in dry-run.
    private const string DryRunDenyHeaders = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: deny-path-headers
          annotations:
            istio.io/dry-run: "true"
        spec:
          action: DENY
          rules:
          - to:
            - operation:
                paths: ["/headers"]
        """;

    private const string DryRunAllowGet = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: allow-get
          annotations:
            istio.io/dry-run: "true"
        spec:
          rules:
          - to:
            - operation:
                methods: ["GET"]
        """;

    private const string DenyDelete = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: deny-delete
        spec:
          action: DENY
          rules:
          - to:
            - operation:
                methods: ["DELETE"]
        """;

    private const string AllowNothing = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: allow-nothing
        spec: {}
        """;

    // Istio's AUDIT example: audit GET under /user/profile.
    private const string AuditProfile = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: audit-profile
        spec:
          action: AUDIT
          rules:
          - to:
            - operation:
                methods: ["GET"]
                paths: ["/user/profile/*"]
        """;

    private const string DryRunAuditAll = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: audit-all
          annotations:
            istio.io/dry-run: "true"
        spec:
          action: AUDIT
          rules:
          - {}
        """;

    [Theory]
    [InlineData("/headers", "dry-run: would deny by default/deny-path-headers", true)]
    [InlineData("/ip", "dry-run: would allow (no ALLOW policy applies)", false)]
    public void Evaluate_DryRunDeny_AllowsAndReportsWhatItWouldDo(string path, string dryRun, bool changes)
    {
        var decision = Evaluate(DryRunDenyHeaders, Request(path: path));

        Assert.Equal((true, (string?)null, dryRun, changes), (decision.Allowed, decision.DecidingPolicy, decision.DryRun?.Describe(), decision.DryRun?.ChangesDecision));
    }

    [Theory]
    [InlineData("GET", "dry-run: would allow by default/allow-get", false)]
    [InlineData("POST", "dry-run: would deny: no ALLOW policy matched (default/allow-get)", true)]
    public void Evaluate_DryRunAllowAsTheOnlyAllowPolicy_AllowsAndReportsThatOthersWouldBeDenied(string method, string dryRun, bool changes)
    {
        var decision = Evaluate(DryRunAllowGet, Request(method: method));

        Assert.Equal((true, (string?)null, dryRun, changes), (decision.Allowed, decision.DecidingPolicy, decision.DryRun?.Describe(), decision.DryRun?.ChangesDecision));
    }

    [Fact]
    public void Evaluate_DryRunAllowBesideAllowNothing_DeniesAndReportsItWouldAllow()
    {
        var decision = Evaluator(AllowNothing, DryRunAllowGet).Evaluate(Request());

        Assert.Equal((false, "no ALLOW policy matched (default/allow-nothing)", "dry-run: would allow by default/allow-get"), (decision.Allowed, decision.DecidingPolicy, decision.DryRun?.Describe()));
    }

    [Fact]
    public void Evaluate_EnforcedDenyMatchesBesideDryRunAllow_DryRunCannotUndoTheDenial()
    {
        var decision = Evaluator(DenyDelete, DryRunAllowGet).Evaluate(Request(method: "DELETE"));

        Assert.Equal((false, "default/deny-delete", "dry-run: would deny by default/deny-delete"), (decision.Allowed, decision.DecidingPolicy, decision.DryRun?.Describe()));
    }

    [Fact]
    public void Evaluate_NoDryRunPolicy_ReportsNoDryRun()
    {
        var decision = Evaluate(DenyDelete, Request(method: "DELETE"));

        Assert.Equal((false, "default/deny-delete", (DryRunOutcome?)null), (decision.Allowed, decision.DecidingPolicy, decision.DryRun));
    }

    [Theory]
    [InlineData("GET", "/user/profile/1", "default/audit-profile")]
    [InlineData("POST", "/user/profile/1", "")]
    public void Evaluate_Audit_AllowsAndListsMatchedAuditPolicies(string method, string path, string audited)
    {
        var decision = Evaluate(AuditProfile, Request(method: method, path: path));

        Assert.Equal((true, (string?)null, audited), (decision.Allowed, decision.DecidingPolicy, string.Join(',', decision.AuditPolicies)));
    }

    [Fact]
    public void Evaluate_AuditBesideAllowNothing_DeniesAndStillAudits()
    {
        var decision = Evaluator(AuditProfile, AllowNothing).Evaluate(Request(path: "/user/profile/1"));

        Assert.Equal((false, "no ALLOW policy matched (default/allow-nothing)", "default/audit-profile"), (decision.Allowed, decision.DecidingPolicy, string.Join(',', decision.AuditPolicies)));
    }

    [Fact]
    public void Evaluate_DryRunAudit_IsNotReportedAsAudited()
    {
        var decision = Evaluate(DryRunAuditAll, Request());

        Assert.Equal((true, (string?)null, 0, (DryRunOutcome?)null), (decision.Allowed, decision.DecidingPolicy, decision.AuditPolicies.Count, decision.DryRun));
    }
}

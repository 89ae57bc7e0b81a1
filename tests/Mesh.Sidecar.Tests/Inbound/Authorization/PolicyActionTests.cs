using Mesh.Model.Compilation;
using Mesh.Sidecar.Inbound.Authorization;
using Mesh.Sidecar.Outbound.Logical;
using static Mesh.Sidecar.Tests.Harness.Authz;

namespace Mesh.Sidecar.Tests.Inbound.Authorization;

/// <summary>
/// Istio's evaluation order (DENY, then ALLOW) and the reference page's whole-workload policies: allow-nothing,
/// deny-all and allow-all.
/// </summary>
public sealed class PolicyActionTests
{
    // The reference page's allow-nothing: an ALLOW policy without rules matches nothing.
    private const string AllowNothing = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: allow-nothing
        spec:
          {}
        """;

    // The reference page's deny-all: one empty rule matches every request.
    private const string DenyAll = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: deny-all
        spec:
          action: DENY
          rules:
          - {}
        """;

    // The reference page's allow-all.
    private const string AllowAll = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: allow-all
        spec:
          action: ALLOW
          rules:
          - {}
        """;

    // The reference page's DENY example: POST from namespace dev is denied.
    private const string DenyPostFromDev = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: deny-post-from-dev
        spec:
          action: DENY
          rules:
          - from:
            - source:
                namespaces: ["dev"]
            to:
            - operation:
                methods: ["POST"]
        """;

    // Istio's authz-http task: productpage may GET details.
    private const string DetailsViewer = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: details-viewer
        spec:
          selector:
            matchLabels:
              app: details
          action: ALLOW
          rules:
          - from:
            - source:
                principals: ["cluster.local/ns/default/sa/bookinfo-productpage"]
            to:
            - operation:
                methods: ["GET"]
        """;

    private const string AllowHealthz = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: allow-healthz
        spec:
          rules:
          - to:
            - operation:
                paths: ["/healthz"]
        """;

    // The denial names the ALLOW policies tried, in (namespace, name) order.
    private const string NoneOfThree = "no ALLOW policy matched (default/allow-healthz, default/allow-nothing, default/details-viewer)";

    private const string Productpage = "cluster.local/ns/default/sa/bookinfo-productpage";
    private const string Dev = "cluster.local/ns/dev/sa/client";

    [Fact]
    public void Evaluate_NoPolicies_AllowsWithNoDecidingPolicy() =>
        Assert.Equal((true, null), Outcome(AuthorizationEvaluator.Empty.Evaluate(Request())));

    [Fact]
    public void Evaluate_AllowNothing_DeniesEveryRequest() =>
        Assert.Equal((false, "no ALLOW policy matched (default/allow-nothing)"), Outcome(Evaluate(AllowNothing, Request())));

    [Fact]
    public void Evaluate_DenyAllWithEmptyRule_DeniesEveryRequest() =>
        Assert.Equal((false, "default/deny-all"), Outcome(Evaluate(DenyAll, Request(from: null, method: "OPTIONS"))));

    [Fact]
    public void Evaluate_AllowAllWithEmptyRule_AllowsAPlainTextRequest() =>
        Assert.Equal((true, "default/allow-all"), Outcome(Evaluate(AllowAll, Request(from: null))));

    [Fact]
    public void Evaluate_DenyAllBesideAllowAll_DenyIsEvaluatedFirst() =>
        Assert.Equal((false, "default/deny-all"), Outcome(Evaluator(AllowAll, DenyAll).Evaluate(Request())));

    [Theory]
    [InlineData(Dev, "POST", false, "default/deny-post-from-dev")]
    [InlineData(Dev, "GET", true, null)] // No DENY matches and no ALLOW policy applies: allowed, no policy decided.
    [InlineData(Sleep, "POST", true, null)]
    public void Evaluate_DenyPostFromDev_DeniesOnlyThatCombination(string from, string method, bool allowed, string? policy) =>
        Assert.Equal((allowed, policy), Outcome(Evaluate(DenyPostFromDev, Request(from, method))));

    [Fact]
    public void Evaluate_DenyMatchesBeforeAMatchingAllow_Denies() =>
        Assert.Equal((false, "default/deny-post-from-dev"), Outcome(Evaluator(AllowAll, DenyPostFromDev).Evaluate(Request(Dev, "POST"))));

    [Theory]
    [InlineData(Productpage, "GET", "/details/0", true, "default/details-viewer")]
    [InlineData(Sleep, "GET", "/healthz", true, "default/allow-healthz")] // Any one ALLOW policy is enough.
    [InlineData(Sleep, "GET", "/details/0", false, NoneOfThree)]
    [InlineData(Productpage, "POST", "/details/0", false, NoneOfThree)]
    public void Evaluate_AllowNothingAndTwoAllowPolicies_AnyMatchAllows(string from, string method, string path, bool allowed, string policy) =>
        Assert.Equal((allowed, policy), Outcome(Evaluator(AllowNothing, DetailsViewer, AllowHealthz).Evaluate(Request(from, method, path))));

    [Fact]
    public void Evaluate_DenyPolicyWithoutRules_DeniesNothing()
    {
        // The validator refuses this in YAML (it never applies); a policy pushed anyway must still deny nothing.
        var evaluator = new AuthorizationEvaluator([new AuthorizationPolicyConfig { Name = "empty", Namespace = "default", Action = PolicyAction.Deny }]);

        Assert.Equal((true, null), Outcome(evaluator.Evaluate(Request())));
    }
}

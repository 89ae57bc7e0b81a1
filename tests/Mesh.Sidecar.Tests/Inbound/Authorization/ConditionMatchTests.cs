using Mesh.Sidecar.Outbound.Logical;
using static Mesh.Sidecar.Tests.Harness.Authz;

namespace Mesh.Sidecar.Tests.Inbound.Authorization;

/// <summary><c>when</c> conditions: every one must hold; each tests one key against its values and not-values.</summary>
public sealed class ConditionMatchTests
{
    // The reference page's condition: request.headers[version] is v1 or v2.
    private const string VersionHeader = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: version-header
        spec:
          rules:
          - when:
            - key: request.headers[version]
              values: ["v1", "v2"]
        """;

    private const string NotBlocked = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: not-blocked
        spec:
          rules:
          - when:
            - key: request.headers[x-user]
              notValues: ["blocked-*"]
        """;

    private const string FromDefaultOnPort9080 = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: default-on-9080
        spec:
          rules:
          - when:
            - key: source.namespace
              values: ["default"]
            - key: destination.port
              values: ["9080"]
        """;

    private const string DenyPrincipalCondition = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: deny-not-productpage
        spec:
          action: DENY
          rules:
          - to:
            - operation:
                methods: ["DELETE"]
            when:
            - key: source.principal
              notValues: ["cluster.local/ns/default/sa/bookinfo-productpage"]
        """;

    [Theory]
    [InlineData(new[] { "v1" }, true)]
    [InlineData(new[] { "v2" }, true)]
    [InlineData(new[] { "v3" }, false)]
    [InlineData(new string[0], false)] // Absent: no value matches.
    [InlineData(new[] { "v1", "v3" }, false)] // Envoy joins repeated headers: "v1,v3" is neither v1 nor v2.
    public void Evaluate_HeaderInV1V2_MatchesTheHeaderAsEnvoySeesIt(string[] versions, bool allowed)
    {
        var headers = new HeaderDictionary();
        if (versions.Length > 0)
        {
            headers["version"] = versions;
        }

        Assert.Equal((allowed, Decider(allowed, "default/version-header")), Outcome(Evaluate(VersionHeader, Request(headers: headers))));
    }

    [Theory]
    [InlineData("jason", true)]
    [InlineData("blocked-jason", false)]
    [InlineData(null, true)] // An absent header matches no not-value.
    public void Evaluate_HeaderNotValues_ExcludeOnlyMatchingValues(string? user, bool allowed)
    {
        var headers = new HeaderDictionary();
        if (user is not null)
        {
            headers["X-User"] = user; // Header names are case-insensitive.
        }

        Assert.Equal((allowed, Decider(allowed, "default/not-blocked")), Outcome(Evaluate(NotBlocked, Request(headers: headers))));
    }

    [Theory]
    [InlineData(Sleep, 9080, true)]
    [InlineData(Sleep, 9443, false)]
    [InlineData("cluster.local/ns/prod/sa/sleep", 9080, false)]
    [InlineData(null, 9080, false)]
    public void Evaluate_NamespaceAndPortConditions_BothMustHold(string? from, int port, bool allowed) =>
        Assert.Equal((allowed, Decider(allowed, "default/default-on-9080")), Outcome(Evaluate(FromDefaultOnPort9080, Request(from, port: port))));

    [Theory]
    [InlineData("cluster.local/ns/default/sa/bookinfo-productpage", "DELETE", true, null)]
    [InlineData(Sleep, "DELETE", false, "default/deny-not-productpage")]
    [InlineData(null, "DELETE", false, "default/deny-not-productpage")] // Plain text passes the not-value: denied.
    [InlineData(Sleep, "GET", true, null)]
    public void Evaluate_DenyWithPrincipalNotValues_DeniesOthersIncludingPlainText(string? from, string method, bool allowed, string? policy) =>
        Assert.Equal((allowed, policy), Outcome(Evaluate(DenyPrincipalCondition, Request(from, method))));
}

using static Mesh.Sidecar.Tests.Harness.Authz;

namespace Mesh.Sidecar.Tests.Inbound.Authorization;

/// <summary>
/// Path case cannot open what a policy closes (apps such as ASP.NET's route <c>/ADMIN</c> to <c>/admin</c>): DENY
/// <c>paths</c> and ALLOW <c>notPaths</c> match either case, DENY <c>notPaths</c> and ALLOW <c>paths</c> exactly.
/// </summary>
public sealed class PathCaseTests
{
    [Theory]
    [InlineData("/admin", false)]
    [InlineData("/ADMIN", false)]
    [InlineData("/Admin/users", false)]
    [InlineData("/productpage", true)]
    public void Evaluate_DenyPaths_MatchEitherCase(string path, bool allowed) =>
        Assert.Equal(allowed, Evaluate(Policy("deny-admin", "DENY", """paths: ["/admin*"]"""), Request(path: path)).Allowed);

    [Theory]
    [InlineData("/public/a", true)]
    [InlineData("/PUBLIC/a", false)]
    [InlineData("/private", false)]
    public void Evaluate_DenyNotPaths_MatchExactly(string path, bool allowed) =>
        Assert.Equal(allowed, Evaluate(Policy("deny-all-but-public", "DENY", """notPaths: ["/public/*"]"""), Request(path: path)).Allowed);

    [Theory]
    [InlineData("/api/books", true)]
    [InlineData("/API/books", false)]
    public void Evaluate_AllowPaths_MatchExactly(string path, bool allowed) =>
        Assert.Equal(allowed, Evaluate(Policy("allow-api", "ALLOW", """paths: ["/api/*"]"""), Request(path: path)).Allowed);

    [Theory]
    [InlineData("/productpage", true)]
    [InlineData("/admin", false)]
    [InlineData("/ADMIN", false)]
    public void Evaluate_AllowNotPaths_MatchEitherCase(string path, bool allowed) =>
        Assert.Equal(allowed, Evaluate(Policy("allow-all-but-admin", "ALLOW", """notPaths: ["/admin*"]"""), Request(path: path)).Allowed);

    [Fact]
    public void Evaluate_DryRunDenyPaths_WouldDenyEitherCase()
    {
        var policy = Policy("deny-admin", "DENY", """paths: ["/admin*"]""").Replace("metadata:", "metadata:\n  annotations: {istio.io/dry-run: \"true\"}", StringComparison.Ordinal);

        var decision = Evaluate(policy, Request(path: "/ADMIN"));

        Assert.True(decision.Allowed);
        Assert.False(decision.DryRun!.Value.Allowed);
    }

    private static string Policy(string name, string action, string operation) => $$"""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: {{name}}
        spec:
          action: {{action}}
          rules:
          - to:
            - operation: {{{operation}}}
        """;
}

using Mesh.Sidecar.Outbound.Logical;
using static Mesh.Sidecar.Tests.Harness.Authz;

namespace Mesh.Sidecar.Tests.Inbound.Authorization;

/// <summary>
/// <c>from.source</c>: principals and namespaces come from the caller's certificate, so a plain-text caller (no
/// principal, no namespace) never matches them and always passes their negations, as Envoy's RBAC filter behaves
/// (Istio's advisory ISTIO-SECURITY-2021-004).
/// </summary>
public sealed class SourceMatchTests
{
    // The reference page's first example without its JWT condition: sleep, or anyone from namespace test, may GET
    // under /info or POST /data.
    private const string Httpbin = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: httpbin
        spec:
          action: ALLOW
          rules:
          - from:
            - source:
                principals: ["cluster.local/ns/default/sa/sleep"]
            - source:
                namespaces: ["test"]
            to:
            - operation:
                methods: ["GET"]
                paths: ["/info*"]
            - operation:
                methods: ["POST"]
                paths: ["/data"]
        """;

    // The advisory's example: meant as "not from foo", it also allows plain text from foo.
    private const string AllowNotFoo = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: allow-ns-not-foo
        spec:
          action: ALLOW
          rules:
          - from:
            - source:
                notNamespaces: ["foo"]
        """;

    // The advisory's fix: deny any request without a principal, i.e. plain text.
    private const string RequireMtls = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: require-mtls
        spec:
          action: DENY
          rules:
          - from:
            - source:
                notPrincipals: ["*"]
        """;

    private const string DenyOtherNamespaces = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: deny-other-namespaces
        spec:
          action: DENY
          rules:
          - from:
            - source:
                notNamespaces: ["default"]
        """;

    private const string AllowProductpageAccount = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: productpage-account
        spec:
          rules:
          - from:
            - source:
                serviceAccounts: ["bookinfo-productpage"]
        """;

    private const string AllowDefaultPrefix = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: default-prefix
        spec:
          rules:
          - from:
            - source:
                principals: ["cluster.local/ns/default/*"]
                notPrincipals: ["*/sa/sleep"]
        """;

    [Theory]
    [InlineData(Sleep, "GET", "/info", true)]
    [InlineData("cluster.local/ns/test/sa/any", "GET", "/info/version", true)] // The second source: namespace test.
    [InlineData("cluster.local/ns/prod/sa/any", "GET", "/info", false)]
    [InlineData(null, "GET", "/info", false)] // Plain text has no principal and no namespace.
    [InlineData(Sleep, "POST", "/data", true)]
    [InlineData(Sleep, "POST", "/info", false)] // Method and path must match in the same operation.
    [InlineData(Sleep, "GET", "/data", false)]
    public void Evaluate_ReferenceHttpbinPolicy_OneSourceAndOneOperationMustMatch(string? from, string method, string path, bool allowed) =>
        Assert.Equal((allowed, Decider(allowed, "default/httpbin")), Outcome(Evaluate(Httpbin, Request(from, method, path))));

    [Theory]
    [InlineData("cluster.local/ns/foo/sa/client", false)]
    [InlineData("cluster.local/ns/bar/sa/client", true)]
    [InlineData(null, true)] // Plain text passes notNamespaces, even from foo.
    public void Evaluate_AllowNotNamespaces_PlainTextPasses(string? from, bool allowed) =>
        Assert.Equal((allowed, Decider(allowed, "default/allow-ns-not-foo")), Outcome(Evaluate(AllowNotFoo, Request(from))));

    [Theory]
    [InlineData(null, false, "default/require-mtls")]
    [InlineData(Sleep, true, null)]
    public void Evaluate_DenyNotPrincipalsStar_RejectsOnlyPlainText(string? from, bool allowed, string? policy) =>
        Assert.Equal((allowed, policy), Outcome(Evaluate(RequireMtls, Request(from))));

    [Theory]
    [InlineData("cluster.local/ns/prod/sa/client", false, "default/deny-other-namespaces")]
    [InlineData(Sleep, true, null)]
    [InlineData(null, false, "default/deny-other-namespaces")] // Plain text passes notNamespaces, so the DENY rule matches.
    public void Evaluate_DenyNotNamespaces_DeniesOtherNamespacesAndPlainText(string? from, bool allowed, string? policy) =>
        Assert.Equal((allowed, policy), Outcome(Evaluate(DenyOtherNamespaces, Request(from))));

    [Theory]
    [InlineData("cluster.local/ns/default/sa/bookinfo-productpage", true)]
    [InlineData("cluster.local/ns/default/sa/bookinfo-productpage-2", false)]
    [InlineData(null, false)]
    public void Evaluate_ServiceAccounts_MatchTheExactPrincipal(string? from, bool allowed) =>
        Assert.Equal((allowed, Decider(allowed, "default/productpage-account")), Outcome(Evaluate(AllowProductpageAccount, Request(from))));

    [Theory]
    [InlineData("cluster.local/ns/default/sa/bookinfo-reviews", true)]
    [InlineData(Sleep, false)] // Matches the prefix, but also the negative suffix.
    [InlineData("cluster.local/ns/prod/sa/bookinfo-reviews", false)]
    [InlineData(null, false)] // notPrincipals passes plain text, but principals still fails it.
    public void Evaluate_PrefixPrincipalsWithSuffixNotPrincipals_BothMustHold(string? from, bool allowed) =>
        Assert.Equal((allowed, Decider(allowed, "default/default-prefix")), Outcome(Evaluate(AllowDefaultPrefix, Request(from))));
}

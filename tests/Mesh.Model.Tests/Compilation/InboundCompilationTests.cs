using Mesh.Model.Snapshots;

namespace Mesh.Model.Tests.Compilation;

public sealed class InboundCompilationTests
{
    private const string MeshStrict = "peer-authentication-mesh-strict.yaml";
    private const string NamespaceAndWorkloads = "peer-authentication-permissive-with-workload.yaml";

    [Fact]
    public void Compile_NoPeerAuthentication_IsPermissive()
    {
        var mtls = Compile.Files("details", "authz-allow-nothing.yaml").Inbound.PeerAuthentication;

        Assert.Equal((MtlsMode.Permissive, null, 0), (mtls.Mode, mtls.Source, mtls.Ports.Count));
    }

    [Fact]
    public void Compile_MeshWideStrict_AppliesToEveryWorkload()
    {
        var mtls = Compile.Files("details", MeshStrict).Inbound.PeerAuthentication;

        Assert.Equal((MtlsMode.Strict, "PeerAuthentication istio-system/default"), (mtls.Mode, mtls.Source));
    }

    [Fact]
    public void Compile_NamespacePolicy_BeatsTheMesh()
    {
        var mtls = Compile.Files("details", MeshStrict, NamespaceAndWorkloads).Inbound.PeerAuthentication;

        Assert.Equal((MtlsMode.Permissive, "PeerAuthentication default/default"), (mtls.Mode, mtls.Source));
    }

    [Fact]
    public void Compile_WorkloadSelector_BeatsTheNamespace()
    {
        var mtls = Compile.Files("reviews-v2", MeshStrict, NamespaceAndWorkloads).Inbound.PeerAuthentication;

        Assert.Equal((MtlsMode.Strict, "PeerAuthentication default/reviews"), (mtls.Mode, mtls.Source));
    }

    [Fact]
    public void Compile_WorkloadUnset_InheritsTheNamespaceAndKeepsItsPortOverride()
    {
        var mtls = Compile.Files("ratings", MeshStrict, NamespaceAndWorkloads).Inbound.PeerAuthentication;

        Assert.Equal((MtlsMode.Permissive, "PeerAuthentication default/default"), (mtls.Mode, mtls.Source));
        Assert.Equal(new PortMtlsConfig { Port = 8080, Mode = MtlsMode.Disable }, Assert.Single(mtls.Ports));
    }

    [Fact]
    public void Compile_SelectorInRootNamespace_IsIgnored()
    {
        var mtls = Compile.Yaml("details", """
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: details, namespace: istio-system}
            spec:
              selector: {matchLabels: {app: details}}
              mtls: {mode: DISABLE}
            """).Inbound.PeerAuthentication;

        Assert.Equal(MtlsMode.Permissive, mtls.Mode);
    }

    [Fact]
    public void Compile_BookinfoAuthorizationTask_SelectsPoliciesByWorkloadLabels()
    {
        string[] files = ["authz-allow-nothing.yaml", "authz-productpage-viewer.yaml", "authz-details-viewer.yaml", "authz-reviews-viewer.yaml", "authz-ratings-viewer.yaml"];

        var productpage = Compile.Files("productpage", files).Inbound.AuthorizationPolicies;
        var details = Compile.Files("details", files).Inbound.AuthorizationPolicies;
        var reviews = Compile.Files("reviews-v3", files).Inbound.AuthorizationPolicies;

        Assert.Equal(["allow-nothing", "productpage-viewer"], productpage.Select(p => p.Name));
        Assert.Equal(["allow-nothing", "details-viewer"], details.Select(p => p.Name));
        Assert.Equal(["allow-nothing", "reviews-viewer"], reviews.Select(p => p.Name));
        Assert.Empty(productpage[0].Rules); // allow-nothing: an ALLOW policy that matches nothing.
        var rule = Assert.Single(details[1].Rules);
        var principal = Assert.Single(Assert.Single(rule.From).Principals);
        Assert.Equal(new StringMatchConfig { Kind = MatchKind.Exact, Value = "cluster.local/ns/default/sa/bookinfo-productpage" }, principal);
        Assert.Equal("GET", Assert.Single(Assert.Single(rule.To).Methods).Value);
        Assert.All(details, p => Assert.Equal((PolicyAction.Allow, false), (p.Action, p.DryRun)));
    }

    [Fact]
    public void Compile_DenyAndDryRun_KeepActionFlagAndPatterns()
    {
        var ratings = Compile.Files("ratings", "authorization-deny-and-dry-run.json").Inbound.AuthorizationPolicies;
        var reviews = Compile.Files("reviews-v1", "authorization-deny-and-dry-run.json").Inbound.AuthorizationPolicies;

        var deny = Assert.Single(ratings);
        Assert.Equal(PolicyAction.Deny, deny.Action);
        var rule = Assert.Single(deny.Rules);
        var operation = Assert.Single(rule.To);
        Assert.Equal(new StringMatchConfig { Kind = MatchKind.Prefix, Value = "/health" }, Assert.Single(operation.NotPaths));
        Assert.Equal(new StringMatchConfig { Kind = MatchKind.Prefix, Value = "ratings", IgnoreCase = true }, Assert.Single(operation.Hosts));
        Assert.Equal([9080], operation.Ports);
        var condition = Assert.Single(rule.When);
        Assert.Equal((ConditionKind.RequestHeader, "x-token", MatchKind.Prefix), (condition.Kind, condition.Name, Assert.Single(condition.NotValues).Kind));

        var audit = Assert.Single(reviews);
        Assert.True(audit.DryRun);
        Assert.Equal(
            ["cluster.local/ns/default/sa/bookinfo-productpage", "cluster.local/ns/default/sa/bookinfo-gateway"],
            Assert.Single(Assert.Single(audit.Rules).From).Principals.Select(p => p.Value));
        Assert.Equal(new StringMatchConfig { Kind = MatchKind.Suffix, Value = "/health" }, Assert.Single(audit.Rules).To[0].Paths[1]);
        Assert.Equal([ConditionKind.SourceNamespace, ConditionKind.DestinationPort], Assert.Single(audit.Rules).When.Select(c => c.Kind));
    }

    [Fact]
    public void Compile_UnsupportedFields_FailClosed()
    {
        var policies = Compile.Yaml("ratings", """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: allow-jwt}
            spec:
              rules:
              - from: [{source: {requestPrincipals: ["*"]}}]
              - to: [{operation: {methods: [GET]}}]
            ---
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: deny-ip}
            spec:
              action: DENY
              rules:
              - from: [{source: {ipBlocks: ["10.0.0.0/8"], namespaces: [foo]}}]
                when: [{key: source.ip, values: ["10.0.0.1"]}]
            ---
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: custom}
            spec:
              action: CUSTOM
              provider: {name: ext}
              rules: [{}]
            """, allowWarnings: true).Inbound.AuthorizationPolicies;

        Assert.Equal(["allow-jwt", "deny-ip"], policies.Select(p => p.Name));
        var allow = Assert.Single(policies[0].Rules); // The requestPrincipals rule never matches: dropped.
        Assert.Empty(allow.From);
        var deny = Assert.Single(policies[1].Rules); // The DENY rule keeps what the mesh can check.
        Assert.Equal("foo", Assert.Single(Assert.Single(deny.From).Namespaces).Value);
        Assert.Empty(deny.When);
    }

    [Fact]
    public void Compile_RootNamespacePolicy_AppliesMeshWide()
    {
        var policies = Compile.Yaml("details", """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: global-deny, namespace: istio-system}
            spec:
              action: DENY
              rules: [{to: [{operation: {paths: ["/admin*"]}}]}]
            """).Inbound.AuthorizationPolicies;

        Assert.Equal(("global-deny", "istio-system", PolicyAction.Deny), (Assert.Single(policies).Name, policies[0].Namespace, policies[0].Action));
    }

    [Fact]
    public void Compile_LocalRateLimits_SelectByLabelsAndByService()
    {
        var ratings = Compile.Files("ratings", "local-rate-limit-ratings.yaml").Inbound.RateLimits;
        var details = Compile.Files("details", "local-rate-limit-ratings.yaml").Inbound.RateLimits;
        var reviews = Compile.Files("reviews-v1", "local-rate-limit-ratings.yaml").Inbound.RateLimits;

        Assert.Equal(new RateLimitConfig
        {
            Name = "ratings",
            Namespace = "default",
            MaxTokens = 10,
            TokensPerFill = 5,
            FillInterval = TimeSpan.FromSeconds(1),
            PerSource = true,
            Paths = ratings[0].Paths,
        }, Assert.Single(ratings));
        Assert.Equal(new StringMatchConfig { Kind = MatchKind.Prefix, Value = "/ratings" }, Assert.Single(ratings[0].Paths));
        Assert.Equal((100, 1, TimeSpan.FromMilliseconds(100), false), (Assert.Single(details).MaxTokens, details[0].TokensPerFill, details[0].FillInterval, details[0].PerSource));
        Assert.Empty(reviews);
    }
}

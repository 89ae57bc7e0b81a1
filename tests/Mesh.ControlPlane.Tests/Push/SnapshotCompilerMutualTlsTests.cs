using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Push;
using Mesh.ControlPlane.Registry;
using Mesh.ControlPlane.Tests.Configuration;
using Mesh.ControlPlane.Tests.Registry;
using Mesh.Model.Protocol;
using Mesh.Model.Registry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ProxyMode = Mesh.Model.Snapshots.ProxyMode;

namespace Mesh.ControlPlane.Tests.Push;

/// <summary>
/// <see cref="Mesh.Model.Snapshots.EndpointSnapshot.MutualTls"/> (Istio's auto mTLS): set when the endpoint's
/// sidecar holds a certificate and the PeerAuthentication in force for its app port is not DISABLE. The
/// configuration goes through the real reader and validator (<see cref="ConfigStore.Apply"/>).
/// </summary>
public class SnapshotCompilerMutualTlsTests
{
    private const int AppPort = 9080;

    private readonly SnapshotCompiler _compiler = new(Options.Create(BookinfoPush()));

    [Fact]
    public void CompileModel_NoPeerAuthenticationAndCertificate_MutualTls()
    {
        var flags = Compile(ConfigState.Empty, Registration("reviews-v1"));

        Assert.True(flags["reviews-v1"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("PERMISSIVE")]
    public void CompileModel_RegistrationWithoutCertificate_NoMutualTls(string? meshMode)
    {
        var config = meshMode is null ? ConfigState.Empty : Config(Policy("istio-system", "default", meshMode));

        var flags = Compile(config, Registration("reviews-v1") with { MutualTls = false });

        Assert.False(flags["reviews-v1"]);
    }

    [Fact]
    public void CompileModel_MeshStrictAndRegistrationClaimingNoCertificate_MutualTlsAnyway()
    {
        // Under STRICT no caller may send plain text, whatever an endpoint's sidecar says of itself: one that cannot
        // answer mutual TLS gets no traffic rather than unprotected traffic.
        var config = Config(Policy("istio-system", "default", "STRICT"));

        var flags = Compile(config, Registration("reviews-v1") with { MutualTls = false });

        Assert.True(flags["reviews-v1"]);
    }

    [Fact]
    public void CompileModel_MeshWideDisable_NoEndpointTakesMutualTls()
    {
        var config = Config(Policy("istio-system", "default", "DISABLE"));

        var flags = Compile(config, Bookinfo().Append(Registration("reviews-test") with { Namespace = "test" }).ToArray());

        Assert.Equal(7, flags.Count);
        Assert.All(flags, f => Assert.False(f.Value, f.Key));
    }

    [Fact]
    public void CompileModel_NamespaceDisableOverMeshStrict_OnlyThatNamespaceIsPlainText()
    {
        var config = Config(
            Policy("istio-system", "default", "STRICT"),
            Policy("default", "default", "DISABLE"));

        var flags = Compile(config, Registration("reviews-v1"), Registration("reviews-test") with { Namespace = "test" });

        Assert.False(flags["reviews-v1"]);
        Assert.True(flags["reviews-test"]);
    }

    [Fact]
    public void CompileModel_WorkloadDisableForReviews_OnlyReviewsEndpointsArePlainText()
    {
        var config = Config(
            Policy("istio-system", "default", "STRICT"),
            Policy("default", "reviews-plain", "DISABLE", selector: "reviews"));

        var flags = Compile(config, Bookinfo());

        Assert.Equal(
            new Dictionary<string, bool>
            {
                ["details"] = true, ["productpage"] = true, ["ratings"] = true,
                ["reviews-v1"] = false, ["reviews-v2"] = false, ["reviews-v3"] = false,
            },
            flags);
    }

    [Theory]
    [InlineData(AppPort, false)]
    [InlineData(8443, true)]
    public void CompileModel_PortLevelDisable_AppliesOnlyToTheAppPort(int port, bool expected)
    {
        var config = Config(Policy("default", "reviews-ports", "STRICT", selector: "reviews", portLevel: (port, "DISABLE")));

        var flags = Compile(config, Registration("reviews-v1"));

        Assert.Equal(expected, flags["reviews-v1"]);
    }

    [Fact]
    public void CompileModel_PortLevelStrictOnAppPortUnderWorkloadDisable_MutualTls()
    {
        var config = Config(Policy("default", "reviews-ports", "DISABLE", selector: "reviews", portLevel: (AppPort, "STRICT")));

        var flags = Compile(config, Registration("reviews-v1"), Registration("reviews-v2", version: "v2") with { AppPort = 9081 });

        Assert.True(flags["reviews-v1"]);
        Assert.False(flags["reviews-v2"]);
    }

    [Fact]
    public void CompileModel_PortLevelUnsetOnAppPort_InheritsTheWorkloadMode()
    {
        var config = Config(Policy("default", "reviews-ports", "DISABLE", selector: "reviews", portLevel: (AppPort, "UNSET")));

        var flags = Compile(config, Registration("reviews-v1"));

        Assert.False(flags["reviews-v1"]);
    }

    [Fact]
    public void CompileModel_WorkloadUnset_InheritsNamespaceDisable()
    {
        var config = Config(
            Policy("istio-system", "default", "STRICT"),
            Policy("default", "default", "DISABLE"),
            Policy("default", "reviews-unset", "UNSET", selector: "reviews"));

        var flags = Compile(config, Registration("reviews-v1"));

        Assert.False(flags["reviews-v1"]);
    }

    [Fact]
    public void CompileModel_NamespaceUnset_InheritsMeshDisable()
    {
        var config = Config(
            Policy("istio-system", "default", "DISABLE"),
            Policy("default", "default", "UNSET"));

        var flags = Compile(config, Registration("reviews-v1"));

        Assert.False(flags["reviews-v1"]);
    }

    [Fact]
    public void CompileModel_WorkloadStrictOverNamespaceDisable_MutualTls()
    {
        var config = Config(
            Policy("default", "default", "DISABLE"),
            Policy("default", "reviews-strict", "STRICT", selector: "reviews"));

        var flags = Compile(config, Registration("reviews-v1"), Registration("ratings", service: "ratings"));

        Assert.True(flags["reviews-v1"]);
        Assert.False(flags["ratings"]);
    }

    [Fact]
    public void CompileModel_MeshSelectorDisable_IsIgnoredAsInIstio()
    {
        var config = Config(Policy("istio-system", "reviews-plain", "DISABLE", selector: "reviews"));

        var flags = Compile(config, Registration("reviews-v1"));

        Assert.True(flags["reviews-v1"]);
    }

    [Theory]
    [InlineData("istio-system", null, "STRICT")]
    [InlineData("istio-system", null, "PERMISSIVE")]
    [InlineData("default", null, "STRICT")]
    [InlineData("default", null, "PERMISSIVE")]
    [InlineData("default", "reviews", "STRICT")]
    [InlineData("default", "reviews", "PERMISSIVE")]
    public void CompileModel_StrictOrPermissive_MutualTls(string ns, string? selector, string mode)
    {
        var config = Config(Policy(ns, selector is null ? "default" : "reviews-mtls", mode, selector));

        var flags = Compile(config, Registration("reviews-v1"));

        Assert.True(flags["reviews-v1"]);
    }

    [Fact]
    public void OnConfigChanged_PeerAuthenticationAppliedThenDeleted_PublishesTheNewFlag()
    {
        var publisher = new SnapshotPublisher(_compiler, NullLogger<SnapshotPublisher>.Instance);
        var store = TestConfigStore.Create(TestConfigStore.Bookinfo(), publisher);
        store.Load();
        var registry = WorkloadRegistryTests.CreateRegistry(new FakeTimeProvider(), publisher);
        using var lease = registry.Register(Registration("reviews-v1"));
        registry.Report("reviews-v1", new SidecarReport { AppServing = true });
        var before = publisher.Current;
        Assert.True(Endpoint(before).MutualTls);
        var changed = publisher.WaitForChangeAsync(before);

        Assert.True(store.Apply(Policy("default", "default", "DISABLE")).Applied);

        Assert.True(changed.IsCompletedSuccessfully);
        var disabled = publisher.Current;
        Assert.NotEqual(before.Version, disabled.Version);
        Assert.False(Endpoint(disabled).MutualTls);
        var snapshot = _compiler.CompileSnapshot(disabled, Registration("productpage", service: "productpage"));
        Assert.False(snapshot.Services.Single(s => s.Name == "reviews").Endpoints.Single().MutualTls);

        Assert.True(store.Delete("PeerAuthentication", "default", "default").Applied);

        Assert.True(Endpoint(publisher.Current).MutualTls);
    }

    [Fact]
    public void CompileModel_SameRegistryOtherPeerAuthentication_FlipsTheFlag()
    {
        var entry = TestRegistrations.Entry(Registration("reviews-v1"), serving: true);

        var strict = _compiler.CompileModel([entry], Config(Policy("default", "default", "STRICT")), "1");
        var disabled = _compiler.CompileModel([entry], Config(Policy("default", "default", "DISABLE")), "2");

        Assert.True(Endpoint(strict).MutualTls);
        Assert.False(Endpoint(disabled).MutualTls);
    }

    [Theory]
    [InlineData(true, ProxyMode.Sidecar, true)]
    [InlineData(false, ProxyMode.Sidecar, false)]
    [InlineData(true, ProxyMode.Gateway, false)]
    public void CompileModel_CleartextHttp2_AsTheSidecarRegisteredIt_NeverForAGateway(bool registered, ProxyMode mode, bool expected)
    {
        var entry = TestRegistrations.Entry(Registration("reviews-v1") with { CleartextHttp2 = registered, Mode = mode }, serving: true);

        var model = _compiler.CompileModel([entry], ConfigState.Empty, "1");

        Assert.Equal(expected, Endpoint(model).CleartextHttp2);
    }

    private static PushOptions BookinfoPush()
    {
        var options = new PushOptions();
        options.Workloads.AddRange(TestRegistrations.DeclaredBookinfo());
        return options;
    }

    private static WorkloadRegistration Registration(string workload, string service = "reviews", string version = "v1") =>
        TestRegistrations.Create(workload, service, version) with { MutualTls = true, AppPort = AppPort };

    private static WorkloadRegistration[] Bookinfo() =>
    [
        Registration("productpage", service: "productpage"),
        Registration("details", service: "details"),
        Registration("ratings", service: "ratings"),
        Registration("reviews-v1"),
        Registration("reviews-v2", version: "v2"),
        Registration("reviews-v3", version: "v3"),
    ];

    /// <summary>Workload name to its endpoint's flag, every registration serving.</summary>
    private Dictionary<string, bool> Compile(ConfigState config, params WorkloadRegistration[] registrations)
    {
        var model = _compiler.CompileModel(registrations.Select(r => TestRegistrations.Entry(r, serving: true)).ToList(), config, "1");
        return model.Services.SelectMany(s => s.Endpoints).ToDictionary(e => e.Workload, e => e.MutualTls);
    }

    private static Mesh.Model.Snapshots.EndpointSnapshot Endpoint(MeshModel model) =>
        Assert.Single(Assert.Single(model.Services).Endpoints);

    /// <summary>The configuration in force after applying <paramref name="documents"/> through the real pipeline.</summary>
    private static ConfigState Config(params string[] documents)
    {
        var store = TestConfigStore.Create(TestConfigStore.Bookinfo());
        store.Load();
        var result = store.Apply(string.Join("\n---\n", documents));
        Assert.True(result.Applied, string.Join("\n", result.Diagnostics));
        return store.Current;
    }

    private static string Policy(string ns, string name, string mode, string? selector = null, (int Port, string Mode)? portLevel = null)
    {
        var yaml = $$"""
            apiVersion: security.istio.io/v1
            kind: PeerAuthentication
            metadata: {name: {{name}}, namespace: {{ns}}}
            spec:
              mtls: {mode: {{mode}}}
            """;
        if (selector is not null)
        {
            yaml += $"\n  selector: {{matchLabels: {{app: {selector}}}}}";
        }

        if (portLevel is { } level)
        {
            yaml += $"\n  portLevelMtls:\n    {level.Port}: {{mode: {level.Mode}}}";
        }

        return yaml;
    }
}

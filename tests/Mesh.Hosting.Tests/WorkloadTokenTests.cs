using System.Buffers.Text;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Mesh.Testing;

namespace Mesh.Hosting.Tests;

public sealed partial class WorkloadTokenTests
{
    private static readonly string[] Workloads = [.. BookinfoWorkloads.Names];

    [Fact]
    public async Task Token_EachSidecar_GetsTheControlPlanesTokenForItsWorkload()
    {
        var model = TestModel.Bookinfo().BuildAndWire();
        var declared = await DeclaredAsync(model);

        foreach (var workload in Workloads)
        {
            var env = await TestModel.EnvironmentAsync(model.Get<MeshSidecarResource>(workload + "-sidecar"));
            Assert.Equal(declared[workload]["Token"], await TestModel.ValueAsync(env["Mesh__Token"]));
        }
    }

    [Fact]
    public async Task Token_EveryWorkload_HasItsOwn256BitBase64UrlToken()
    {
        var declared = await DeclaredAsync(TestModel.Bookinfo().BuildAndWire());

        var tokens = declared.Values.Select(w => w["Token"]).ToList();
        Assert.Equal(Workloads.Length + 1, tokens.Count); // and the gateway
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        foreach (var token in tokens)
        {
            Assert.True(token.Length >= 43, $"token of {token.Length} characters");
            Assert.Matches(Base64UrlWithoutPadding(), token);
            Assert.Equal(32, Base64Url.DecodeFromChars(token).Length);
        }
    }

    [Fact]
    public async Task Token_EnvironmentEvaluatedAgain_IsUnchanged()
    {
        // A restart from the dashboard re-runs the environment callbacks of the restarted resource only: a new
        // control plane must still accept the tokens of the sidecars that kept running, and the other way round.
        var model = TestModel.Bookinfo().BuildAndWire();
        var mesh = model.Get<MeshResource>("mesh");
        var sidecar = model.Get<MeshSidecarResource>("reviews-v2-sidecar");
        var gateway = model.Get<MeshGatewayResource>("gateway");

        var first = (await TestModel.EnvironmentAsync(mesh), await TestModel.EnvironmentAsync(sidecar), await TestModel.EnvironmentAsync(gateway));
        var second = (await TestModel.EnvironmentAsync(mesh), await TestModel.EnvironmentAsync(sidecar), await TestModel.EnvironmentAsync(gateway));

        Assert.Equal(await TokensAsync(first.Item1), await TokensAsync(second.Item1));
        Assert.Equal(await TestModel.ValueAsync(first.Item2["Mesh__Token"]), await TestModel.ValueAsync(second.Item2["Mesh__Token"]));
        Assert.Equal(await TestModel.ValueAsync(first.Item3["Mesh__Token"]), await TestModel.ValueAsync(second.Item3["Mesh__Token"]));
    }

    [Fact]
    public async Task Token_AnotherAppHostRun_GetsOtherTokens()
    {
        var one = await DeclaredAsync(TestModel.Bookinfo().BuildAndWire());
        var two = await DeclaredAsync(TestModel.Bookinfo().BuildAndWire());

        foreach (var (workload, identity) in one)
        {
            Assert.NotEqual(identity["Token"], two[workload]["Token"]);
        }
    }

    [Fact]
    public async Task Gateway_IsDeclaredWithIstiosIngressIdentityAndAToken_AndGetsTheToken()
    {
        var model = TestModel.Bookinfo().BuildAndWire();
        var declared = await DeclaredAsync(model);
        var env = await TestModel.EnvironmentAsync(model.Get<MeshGatewayResource>("gateway"));

        var gateway = declared["gateway"];
        Assert.Equal("istio-ingressgateway", gateway["Service"]);
        Assert.Equal("v1", gateway["Version"]);
        Assert.Equal("istio-ingressgateway-service-account", gateway["ServiceAccount"]);
        Assert.Equal("istio-system", gateway["Namespace"]);
        Assert.Equal(gateway["Token"], await TestModel.ValueAsync(env["Mesh__Token"]));
        Assert.Equal("istio-system", env["Mesh__Namespace"]);
    }

    [Fact]
    public async Task Workloads_AreDeclaredInTheMeshNamespace_AsTheirSidecarsSay()
    {
        var model = TestModel.Bookinfo().BuildAndWire();
        var declared = await DeclaredAsync(model);

        foreach (var workload in Workloads)
        {
            var env = await TestModel.EnvironmentAsync(model.Get<MeshSidecarResource>(workload + "-sidecar"));
            Assert.Equal("default", declared[workload]["Namespace"]);
            Assert.Equal("default", env["Mesh__Namespace"]);
        }
    }

    [Fact]
    public void Gateway_IsNoSidecarsWorkload_ToTheRestOfTheModel()
    {
        var model = TestModel.Bookinfo().BuildAndWire();

        // Reference rewiring and service-name checks look for this annotation; the gateway has no sidecar to wire.
        Assert.False(model.Get<MeshGatewayResource>("gateway").TryGetLastAnnotation<MeshWorkloadAnnotation>(out _));
    }

    [Fact]
    public async Task Token_InEveryEnvironment_IsAnAspireSecretValue()
    {
        // The dashboard masks secret values; a plain string would show every workload's credential in clear.
        var model = TestModel.Bookinfo().BuildAndWire();
        var proxies = Workloads.Select(w => (IResource)model.Get<MeshSidecarResource>(w + "-sidecar")).Append(model.Get<MeshGatewayResource>("gateway"));

        foreach (var proxy in proxies)
        {
            var token = Assert.IsType<ParameterResource>((await TestModel.EnvironmentAsync(proxy))["Mesh__Token"]);
            Assert.True(token.Secret, proxy.Name);
        }

        var declared = (await TestModel.EnvironmentAsync(model.Get<MeshResource>("mesh"))).Where(e => e.Key.EndsWith("__Token", StringComparison.Ordinal)).ToList();
        Assert.Equal(Workloads.Length + 1, declared.Count);
        Assert.All(declared, e => Assert.True(Assert.IsType<ParameterResource>(e.Value).Secret, e.Key));
    }

    [Theory]
    [InlineData("--Mesh:Enabled=false")]
    [InlineData("--publisher", "manifest", "--output-path", "unused.json")]
    public void Token_MeshOffOrPublishing_NoneIsMade(params string[] args)
    {
        var builder = TestModel.Bookinfo(args);

        var identities = builder.Resources.Select(r => r.Annotations.OfType<MeshWorkloadAnnotation>().LastOrDefault()).OfType<MeshWorkloadAnnotation>().ToList();
        Assert.Equal(Workloads.Length, identities.Count);
        Assert.All(identities, identity => Assert.Null(identity.Token));
        Assert.DoesNotContain(builder.Resources, r => r is MeshResource or MeshGatewayResource);
    }

    /// <summary>The control plane's declared workloads (<c>Mesh__ControlPlane__Workloads__{i}__*</c>), by name.</summary>
    private static async Task<Dictionary<string, Dictionary<string, string>>> DeclaredAsync(DistributedApplicationModel model)
    {
        var env = await TestModel.EnvironmentAsync(model.Get<MeshResource>("mesh"));
        var declared = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (key, value) in env)
        {
            if (WorkloadKey().Match(key) is { Success: true } match)
            {
                var index = match.Groups["index"].Value;
                var name = (string)env[$"Mesh__ControlPlane__Workloads__{index}__Name"];
                if (!declared.TryGetValue(name, out var fields))
                {
                    declared[name] = fields = new(StringComparer.Ordinal);
                }

                fields[match.Groups["field"].Value] = await TestModel.ValueAsync(value);
            }
        }

        return declared;
    }

    private static async Task<string[]> TokensAsync(Dictionary<string, object> controlPlaneEnvironment) =>
        await Task.WhenAll(controlPlaneEnvironment.Where(e => e.Key.EndsWith("__Token", StringComparison.Ordinal))
            .OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => TestModel.ValueAsync(e.Value)));

    [GeneratedRegex(@"^Mesh__ControlPlane__Workloads__(?<index>\d+)__(?<field>\w+)$")]
    private static partial Regex WorkloadKey();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex Base64UrlWithoutPadding();
}

using Mesh.Model.Conventions;
using Mesh.Sidecar.Identity;

namespace Mesh.Sidecar.Tests.Identity;

public sealed class MachineTrustStoreTests
{
    private static readonly Dictionary<string, string> s_asMeshHostingStartsIt = new(StringComparer.Ordinal)
    {
        [MeshSettings.Sidecar.Token] = "a-bootstrap-token-of-enough-length",
        [MeshSettings.Sidecar.App] = "http://localhost:5001",
        [MeshSettings.Sidecar.ControlPlane] = "http://localhost:5002",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://localhost:4317",
    };

    [Fact]
    public void Decide_EverythingPlainHttp_LeavesTheStoreOut()
    {
        var use = MachineTrustStore.Decide(Environment(s_asMeshHostingStartsIt));

        Assert.Equal(MachineTrustUse.Action.LeaveOut, use.What);
    }

    [Fact]
    public void Decide_NoTelemetryEndpoint_LeavesTheStoreOut()
    {
        var use = MachineTrustStore.Decide(Environment(s_asMeshHostingStartsIt, without: "OTEL_EXPORTER_OTLP_ENDPOINT"));

        Assert.Equal(MachineTrustUse.Action.LeaveOut, use.What);
    }

    [Fact]
    public void Decide_StoreNamedInTheEnvironment_StillLeftOutWhenNothingIsHttps()
    {
        // This machine's own environment names Debian's store; only https connections would read it.
        var environment = new Dictionary<string, string>(s_asMeshHostingStartsIt, StringComparer.Ordinal)
        {
            [MachineTrustStore.FileVariable] = "/etc/ssl/certs/ca-certificates.crt",
            [MachineTrustStore.DirectoryVariable] = "/etc/ssl/certs",
        };

        var use = MachineTrustStore.Decide(Environment(environment));

        Assert.Equal(MachineTrustUse.Action.LeaveOut, use.What);
    }

    [Fact]
    public void Decide_GatewayWithoutAnApp_LeavesTheStoreOut()
    {
        var environment = new Dictionary<string, string>(s_asMeshHostingStartsIt, StringComparer.Ordinal) { [MeshSettings.Sidecar.Mode] = "Gateway" };
        environment.Remove(MeshSettings.Sidecar.App);

        var use = MachineTrustStore.Decide(Environment(environment));

        Assert.Equal(MachineTrustUse.Action.LeaveOut, use.What);
    }

    [Fact]
    public void Decide_NoToken_LeavesItToDotNet()
    {
        var use = MachineTrustStore.Decide(Environment(s_asMeshHostingStartsIt, without: MeshSettings.Sidecar.Token));

        Assert.Equal(MachineTrustUse.Action.Untouched, use.What);
    }

    [Theory]
    [InlineData(MeshSettings.Sidecar.App, "https://localhost:5001", MeshSettings.Sidecar.App)]
    [InlineData(MeshSettings.Sidecar.ControlPlane, "https://localhost:5002", MeshSettings.Sidecar.ControlPlane)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "https://localhost:21000", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://collector:4318/v1/traces", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")]
    public void Decide_SomethingHttps_LoadsTheStore(string variable, string value, string named)
    {
        var environment = new Dictionary<string, string>(s_asMeshHostingStartsIt, StringComparer.Ordinal) { [variable] = value };

        var use = MachineTrustStore.Decide(Environment(environment));

        Assert.Equal(MachineTrustUse.Action.Load, use.What);
        Assert.Contains(named, use.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MeshSettings.Sidecar.App)]
    [InlineData(MeshSettings.Sidecar.ControlPlane)]
    public void Decide_AddressNotInTheEnvironment_LoadsTheStore(string variable)
    {
        // Given on the command line instead: the decision is made before configuration is read, so it cannot know.
        var use = MachineTrustStore.Decide(Environment(s_asMeshHostingStartsIt, without: variable));

        Assert.Equal(MachineTrustUse.Action.Load, use.What);
        Assert.Contains(variable, use.Reason, StringComparison.Ordinal);
    }

    private static Func<string, string?> Environment(Dictionary<string, string> values, string? without = null) =>
        name => name != without && values.TryGetValue(name, out var value) ? value : null;
}

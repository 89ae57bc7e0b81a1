using Mesh.Model.Conventions;

namespace Mesh.Model.Tests.Conventions;

public sealed class MeshSettingsTests
{
    [Fact]
    public void Sidecar_Names_AreItsSectionsKeysAsEnvironmentVariables()
    {
        Assert.Equal("Mesh__Workload", MeshSettings.Sidecar.Workload);
        Assert.Equal("Mesh__Listeners__Inbound", MeshSettings.Sidecar.InboundPort);
        Assert.Equal("Mesh__AppProtocol", MeshSettings.Sidecar.AppProtocol);
        Assert.Equal("Mesh__Labels__istio", MeshSettings.Sidecar.Label("istio"));
        Assert.Equal("Mesh__Outbound__3__Service", MeshSettings.Sidecar.OutboundService(3));
        Assert.StartsWith(MeshSettings.Sidecar.Section + "__", MeshSettings.Sidecar.ControlPlane, StringComparison.Ordinal);
    }

    [Fact]
    public void ControlPlane_Names_AreItsSectionsKeysAsEnvironmentVariables()
    {
        var prefix = MeshSettings.ControlPlane.Section.Replace(":", "__", StringComparison.Ordinal) + "__";

        Assert.Equal("Mesh__ControlPlane__Workloads__12__Token", MeshSettings.ControlPlane.WorkloadToken(12));
        Assert.Equal("Mesh__ControlPlane__Inline__0", MeshSettings.ControlPlane.Inline(0));
        Assert.All(
            [MeshSettings.ControlPlane.StateDirectory, MeshSettings.ControlPlane.ConfigDirectory, MeshSettings.ControlPlane.CertificateLifetime, MeshSettings.ControlPlane.WorkloadName(0)],
            name => Assert.StartsWith(prefix, name, StringComparison.Ordinal));
    }
}

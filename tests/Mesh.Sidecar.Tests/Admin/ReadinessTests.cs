using Mesh.Sidecar.Admin;
using Mesh.Sidecar.ControlPlane;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Admin;

public sealed class ReadinessTests
{
    private const string ControlPlane = "http://localhost:5100";
    private static readonly DateTimeOffset s_since = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Evaluate_NoSnapshotAndUnreachable_IsNotReadyAndSaysWhy()
    {
        var report = Readiness.Evaluate(null, new ControlPlaneStatus(false, null, s_since, "Connection refused"), appServing: false, ControlPlane);

        Assert.False(report.Ready);
        Assert.Equal($"no snapshot yet: control plane {ControlPlane} unreachable since 2026-01-02T03:04:05.0000000+00:00 (Connection refused)", report.Reason);
    }

    [Fact]
    public void Evaluate_ConnectedWithoutSnapshot_IsNotReady()
    {
        var report = Readiness.Evaluate(null, new ControlPlaneStatus(true, s_since, null, null), appServing: true, ControlPlane);

        Assert.False(report.Ready);
        Assert.True(report.ControlPlaneConnected);
        Assert.True(report.AppServing);
    }

    [Fact]
    public void Evaluate_SnapshotAndConnected_IsReady()
    {
        var report = Readiness.Evaluate(Model("5"), new ControlPlaneStatus(true, s_since, null, null), appServing: true, ControlPlane);

        Assert.True(report.Ready);
        Assert.Equal("5", report.SnapshotVersion);
        Assert.Equal("serving snapshot 5", report.Reason);
    }

    [Fact]
    public void Evaluate_SnapshotButUnreachable_StaysReadyServingLastSnapshot()
    {
        var report = Readiness.Evaluate(Model("5"), new ControlPlaneStatus(false, s_since, s_since, "Connection refused"), appServing: true, ControlPlane);

        Assert.True(report.Ready);
        Assert.Equal("serving last snapshot, control plane unreachable since 2026-01-02T03:04:05.0000000+00:00 (Connection refused)", report.Reason);
    }

    private static AppliedSnapshot Model(string version) => new(Snapshots.Create(version), s_since);
}

using Mesh.ControlPlane.Tests.Registry;
using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Tests.Api;

/// <summary>Stream behaviour that needs short intervals: its own control plane with fast pings and leases.</summary>
public sealed class StreamTimingTests : IAsyncLifetime
{
    private ControlPlaneHost _host = null!;

    public async Task InitializeAsync() => _host = await ControlPlaneHost.StartAsync(
        "--Mesh:ControlPlane:PingInterval=00:00:00.100",
        "--Mesh:ControlPlane:LeaseTimeout=00:00:01.500",
        "--Mesh:ControlPlane:SweepInterval=00:00:00.100");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Stream_Idle_SendsPings()
    {
        await using var sidecar = await _host.ConnectAsync(TestRegistrations.Create("reviews-v1"));
        await sidecar.ReadSnapshotAsync();

        Assert.Equal(StreamMessageTypes.Ping, (await sidecar.ReadMessageAsync())?.Type);
        Assert.Equal(StreamMessageTypes.Ping, (await sidecar.ReadMessageAsync())?.Type);
    }

    [Fact]
    public async Task Stream_NoReports_LeaseExpiresAndStreamEnds()
    {
        await using var sidecar = await _host.ConnectAsync(TestRegistrations.Create("reviews-v1"));

        while (await sidecar.ReadMessageAsync() is not null)
        {
        }

        Assert.Empty(await _host.GetAsync(SidecarApiRoutes.Sidecars));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await sidecar.ReportAsync(appServing: true)).StatusCode);
    }
}

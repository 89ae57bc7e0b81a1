using Mesh.ControlPlane.Registry;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.ControlPlane.Tests.Registry;

public class LeaseSweeperTests
{
    [Fact]
    public async Task ExecuteAsync_TimePassesTheLease_RemovesSilentWorkload()
    {
        var time = new FakeTimeProvider();
        var registry = WorkloadRegistryTests.CreateRegistry(time);
        using var lease = registry.Register(TestRegistrations.Create("reviews-v1"));
        using var sweeper = new LeaseSweeper(registry, Options.Create(new ControlPlaneOptions()), time);
        await sweeper.StartAsync(CancellationToken.None);

        // The sweeper starts its timer on its own thread; keep time moving until it has swept.
        await Eventually.TrueAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return lease.HasEnded;
        });
        Assert.Empty(registry.GetEntries());
        await sweeper.StopAsync(CancellationToken.None);
    }
}

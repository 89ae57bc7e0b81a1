using Mesh.ControlPlane.Registry;
using Mesh.Testing;
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
        using var sweeper = new LeaseSweeper(registry, Options.Create(new RegistryOptions()), time);
        await sweeper.StartAsync(CancellationToken.None);

        // The sweeper starts its timer on its own thread; keep time moving until it has swept.
        await Eventually.WaitUntilAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                return lease.HasEnded;
            },
            "the sweeper ended the silent workload's lease");
        Assert.Empty(registry.GetEntries());
        await sweeper.StopAsync(CancellationToken.None);
    }
}

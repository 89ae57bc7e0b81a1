using Mesh.ControlPlane.Push;
using Mesh.ControlPlane.Registry;
using Mesh.ControlPlane.Tests.Registry;
using Mesh.Model.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.ControlPlane.Tests.Push;

public class SnapshotPublisherTests
{
    private readonly SnapshotPublisher _publisher = new(new SnapshotCompiler(Options.Create(new PushOptions())), NullLogger<SnapshotPublisher>.Instance);
    private readonly WorkloadRegistry _registry;

    public SnapshotPublisherTests()
    {
        _registry = WorkloadRegistryTests.CreateRegistry(new FakeTimeProvider(), _publisher);
    }

    [Fact]
    public void OnRegistryChanged_WhileTheControlPlaneStops_KeepsTheLastModel()
    {
        using var lifetime = new StoppableLifetime();
        var publisher = new SnapshotPublisher(new SnapshotCompiler(Options.Create(new PushOptions())), NullLogger<SnapshotPublisher>.Instance, lifetime);
        var registry = WorkloadRegistryTests.CreateRegistry(new FakeTimeProvider(), publisher);
        using var lease = registry.Register(TestRegistrations.Create("reviews-v1"));
        registry.Report("reviews-v1", new SidecarReport { AppServing = true });
        var before = publisher.Current;

        lifetime.Stop();
        registry.Remove(lease, LeaveReason.ShuttingDown);

        Assert.Same(before, publisher.Current);
        Assert.Single(publisher.Current.Services.Single().Endpoints);
    }

    private sealed class StoppableLifetime : Microsoft.Extensions.Hosting.IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Stop() => StopApplication();

        public void Dispose() => _stopping.Dispose();
    }

    [Fact]
    public void Current_BeforeAnyChange_IsVersionOneAndEmpty()
    {
        Assert.Equal("1", _publisher.Current.Version);
        Assert.Empty(_publisher.Current.Services);
    }

    [Fact]
    public void OnRegistryChanged_SequenceOfChanges_BumpsVersionOnlyWhenSidecarsSeeADifference()
    {
        using var v1 = _registry.Register(TestRegistrations.Create("reviews-v1"));
        Assert.Equal("2", _publisher.Current.Version); // a new service appears, with no endpoint yet

        _registry.Report("reviews-v1", new SidecarReport { AppServing = true });
        Assert.Equal("3", _publisher.Current.Version); // its endpoint starts serving

        _registry.Report("reviews-v1", new SidecarReport { AppServing = true, AppliedVersion = "3" });
        Assert.Equal("3", _publisher.Current.Version); // an ACK changes nothing sidecars see

        using var v2 = _registry.Register(TestRegistrations.Create("reviews-v2", version: "v2"));
        Assert.Equal("3", _publisher.Current.Version); // joined, not serving: same service, same endpoints

        _registry.Remove(v2, LeaveReason.Disconnected);
        Assert.Equal("3", _publisher.Current.Version); // a non-serving workload left

        _registry.Report("reviews-v1", new SidecarReport { AppServing = false });
        Assert.Equal("4", _publisher.Current.Version); // the endpoint stopped serving

        _registry.Remove(v1, LeaveReason.Disconnected);
        Assert.Equal("5", _publisher.Current.Version); // the service is gone
        Assert.Empty(_publisher.Current.Services);
    }

    [Fact]
    public void OnRegistryChanged_OlderGenerationArrivesLate_IsIgnored()
    {
        var serving = new RegistryView(2, [TestRegistrations.Entry(TestRegistrations.Create("reviews-v1"), serving: true)]);
        var older = new RegistryView(1, [TestRegistrations.Entry(TestRegistrations.Create("reviews-v1"), serving: false)]);

        _publisher.OnRegistryChanged(serving);
        _publisher.OnRegistryChanged(older);

        Assert.Single(Assert.Single(_publisher.Current.Services).Endpoints);
    }

    [Fact]
    public async Task WaitForChangeAsync_RegistryChanges_CompletesWithNewModel()
    {
        var seen = _publisher.Current;
        var changed = _publisher.WaitForChangeAsync(seen);
        Assert.False(changed.IsCompleted);

        using var lease = _registry.Register(TestRegistrations.Create("reviews-v1"));

        var model = await changed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("2", model.Version);
    }

    [Fact]
    public void WaitForChangeAsync_InvisibleChange_StaysPending()
    {
        using var first = _registry.Register(TestRegistrations.Create("reviews-v1"));
        var changed = _publisher.WaitForChangeAsync(_publisher.Current);

        using var second = _registry.Register(TestRegistrations.Create("reviews-v2", version: "v2"));

        Assert.False(changed.IsCompleted);
    }
}

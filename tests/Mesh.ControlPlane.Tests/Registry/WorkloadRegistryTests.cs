using Mesh.ControlPlane.Registry;
using Mesh.Model.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.ControlPlane.Tests.Registry;

public class WorkloadRegistryTests
{
    private static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingObserver _observer = new();
    private readonly WorkloadRegistry _registry;

    public WorkloadRegistryTests()
    {
        _registry = CreateRegistry(_time, _observer);
    }

    internal static WorkloadRegistry CreateRegistry(TimeProvider time, params IRegistryObserver[] observers) => new(
        time,
        Options.Create(new RegistryOptions { LeaseTimeout = LeaseTimeout }),
        observers,
        NullLogger<WorkloadRegistry>.Instance);

    [Fact]
    public void Register_NewWorkload_IsListedNotServingAndObserversAreTold()
    {
        var registration = TestRegistrations.Create("reviews-v1");

        using var lease = _registry.Register(registration);

        var entry = Assert.Single(_registry.GetEntries());
        Assert.Same(registration, entry.Registration);
        Assert.False(entry.Serving);
        Assert.Equal(_time.GetUtcNow(), entry.ConnectedAt);
        Assert.Equal(_time.GetUtcNow(), entry.LastSeen);
        Assert.Empty(_registry.GetServingEntries());
        var view = Assert.Single(_observer.Views);
        Assert.Single(view.Entries);
    }

    [Fact]
    public void Register_SameWorkloadAgain_ReplacesEntryAndEndsPreviousLease()
    {
        using var first = _registry.Register(TestRegistrations.Create("reviews-v1", port: 1000));
        _registry.Report("reviews-v1", new SidecarReport { AppServing = true });

        using var second = _registry.Register(TestRegistrations.Create("reviews-v1", port: 2000));

        Assert.True(first.HasEnded);
        Assert.False(second.HasEnded);
        var entry = Assert.Single(_registry.GetEntries());
        Assert.Equal("http://127.0.0.1:2000", entry.Registration.InboundAddress);
        Assert.False(entry.Serving);
    }

    [Fact]
    public void Remove_LeaseReplacedByReconnect_KeepsNewEntry()
    {
        using var first = _registry.Register(TestRegistrations.Create("reviews-v1"));
        using var second = _registry.Register(TestRegistrations.Create("reviews-v1"));
        var viewsBefore = _observer.Views.Count;

        var removed = _registry.Remove(first, LeaveReason.Disconnected);

        Assert.False(removed);
        Assert.Single(_registry.GetEntries());
        Assert.Equal(viewsBefore, _observer.Views.Count);
    }

    [Fact]
    public void Remove_OwningLease_RemovesEntryAndEndsLease()
    {
        using var lease = _registry.Register(TestRegistrations.Create("reviews-v1"));

        var removed = _registry.Remove(lease, LeaveReason.Disconnected);

        Assert.True(removed);
        Assert.True(lease.HasEnded);
        Assert.Empty(_registry.GetEntries());
        Assert.Empty(_observer.Views[^1].Entries);
        Assert.False(_registry.Remove(lease, LeaveReason.Disconnected));
    }

    [Fact]
    public void Report_UnknownWorkload_ReturnsFalse()
    {
        Assert.False(_registry.Report("ghost", new SidecarReport { AppServing = true }));
    }

    [Fact]
    public void Report_AppServing_MarksServingRenewsLeaseAndNotifies()
    {
        using var lease = _registry.Register(TestRegistrations.Create("reviews-v1"));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(_registry.Report("reviews-v1", new SidecarReport { AppServing = true }));

        var entry = Assert.Single(_registry.GetServingEntries());
        Assert.Equal(_time.GetUtcNow(), entry.LastSeen);
        Assert.Equal(2, _observer.Views.Count);
        Assert.True(Assert.Single(_observer.Views[^1].Entries).Serving);
    }

    [Fact]
    public void Report_ServingUnchanged_DoesNotNotify()
    {
        using var lease = _registry.Register(TestRegistrations.Create("reviews-v1"));
        _registry.Report("reviews-v1", new SidecarReport { AppServing = true });
        var viewsBefore = _observer.Views.Count;

        _registry.Report("reviews-v1", new SidecarReport { AppServing = true, AppliedVersion = "3" });

        Assert.Equal(viewsBefore, _observer.Views.Count);
    }

    [Fact]
    public void Report_AppStopsAnswering_LeavesServingEntries()
    {
        using var lease = _registry.Register(TestRegistrations.Create("reviews-v1"));
        _registry.Report("reviews-v1", new SidecarReport { AppServing = true });

        _registry.Report("reviews-v1", new SidecarReport { AppServing = false });

        Assert.Empty(_registry.GetServingEntries());
        Assert.Single(_registry.GetEntries());
        Assert.False(Assert.Single(_observer.Views[^1].Entries).Serving);
    }

    [Fact]
    public void Report_AckAndNack_RecordsAppliedAndRejectedVersions()
    {
        using var lease = _registry.Register(TestRegistrations.Create("reviews-v1"));

        _registry.Report("reviews-v1", new SidecarReport
        {
            AppServing = true,
            AppliedVersion = "4",
            RejectedVersion = "5",
            RejectReason = "route to undefined subset",
        });

        Assert.Equal("4", Assert.Single(_registry.GetEntries()).AppliedVersion);
        Assert.Equal(("5", "route to undefined subset"), _registry.GetRejection("reviews-v1"));
    }

    [Fact]
    public void ExpireLeases_NoReportWithinTimeout_RemovesWorkloadAndEndsLease()
    {
        using var lease = _registry.Register(TestRegistrations.Create("reviews-v1"));
        _registry.Report("reviews-v1", new SidecarReport { AppServing = true });

        _time.Advance(LeaseTimeout + TimeSpan.FromMilliseconds(1));
        var expired = _registry.ExpireLeases();

        Assert.Equal(1, expired);
        Assert.True(lease.HasEnded);
        Assert.Empty(_registry.GetEntries());
        Assert.Empty(_observer.Views[^1].Entries);
        Assert.False(_registry.Report("reviews-v1", new SidecarReport { AppServing = true }));
    }

    [Fact]
    public void ExpireLeases_AtExactlyTheTimeout_KeepsWorkload()
    {
        using var lease = _registry.Register(TestRegistrations.Create("reviews-v1"));

        _time.Advance(LeaseTimeout);

        Assert.Equal(0, _registry.ExpireLeases());
        Assert.Single(_registry.GetEntries());
    }

    [Fact]
    public void ExpireLeases_ReportsKeepComing_KeepsWorkloadAndExpiresSilentOne()
    {
        using var reporting = _registry.Register(TestRegistrations.Create("reviews-v1"));
        using var silent = _registry.Register(TestRegistrations.Create("reviews-v2", version: "v2"));

        for (var second = 0; second < 10; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            _registry.Report("reviews-v1", new SidecarReport { AppServing = true });
            _registry.ExpireLeases();
        }

        Assert.Equal("reviews-v1", Assert.Single(_registry.GetEntries()).Registration.Workload);
        Assert.False(reporting.HasEnded);
        Assert.True(silent.HasEnded);
    }

    [Fact]
    public void GetEntries_RegisteredOutOfOrder_SortedByWorkloadName()
    {
        using var c = _registry.Register(TestRegistrations.Create("reviews-v3", version: "v3"));
        using var a = _registry.Register(TestRegistrations.Create("details", service: "details"));
        using var b = _registry.Register(TestRegistrations.Create("ratings", service: "ratings"));
        _registry.Report("reviews-v3", new SidecarReport { AppServing = true });
        _registry.Report("details", new SidecarReport { AppServing = true });

        Assert.Equal(["details", "ratings", "reviews-v3"], _registry.GetEntries().Select(e => e.Registration.Workload));
        Assert.Equal(["details", "reviews-v3"], _registry.GetServingEntries().Select(e => e.Registration.Workload));
        Assert.Equal(["details", "ratings", "reviews-v3"], _observer.Views[^1].Entries.Select(e => e.Registration.Workload));
    }

    [Fact]
    public void Views_SuccessiveChanges_HaveIncreasingGenerations()
    {
        using var lease = _registry.Register(TestRegistrations.Create("reviews-v1"));
        _registry.Report("reviews-v1", new SidecarReport { AppServing = true });
        _registry.Remove(lease, LeaveReason.Disconnected);

        Assert.Equal([1L, 2L, 3L], _observer.Views.Select(v => v.Generation));
    }
}

using Mesh.Model.Protocol;
using Mesh.Model.Registry;
using Mesh.ControlPlane.Telemetry;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Registry;

/// <summary>
/// Which workloads are in the mesh right now: one entry per workload with an open push stream, kept alive by
/// the sidecar's reports (a lease). Changes that alter what sidecars see are handed to the
/// <see cref="IRegistryObserver"/>s; the registry knows nothing of snapshots or streams.
/// </summary>
internal sealed partial class WorkloadRegistry : IRegistryReader
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LeaseState> _workloads = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _leaseTimeout;
    private readonly IRegistryObserver[] _observers;
    private readonly ILogger<WorkloadRegistry> _logger;
    private readonly ControlPlaneMetrics? _metrics;
    private long _generation;
    private long _lastLeaseId;

    public WorkloadRegistry(
        TimeProvider timeProvider,
        IOptions<RegistryOptions> options,
        IEnumerable<IRegistryObserver> observers,
        ILogger<WorkloadRegistry> logger,
        ControlPlaneMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider;
        _leaseTimeout = options.Value.LeaseTimeout;
        _observers = [.. observers];
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>
    /// Adds a workload, not yet serving, with a fresh lease. A workload already present (its sidecar
    /// reconnected) is replaced, and its previous lease ends so the previous stream closes.
    /// </summary>
    public WorkloadLease Register(WorkloadRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var lease = new WorkloadLease(Interlocked.Increment(ref _lastLeaseId), registration);
        var now = _timeProvider.GetUtcNow();
        WorkloadLease? replaced;
        RegistryView view;
        lock (_lock)
        {
            replaced = _workloads.TryGetValue(registration.Workload, out var previous) ? previous.Lease : null;
            _workloads[registration.Workload] = new LeaseState(lease, now) { Serving = registration.AppServing };
            view = NextView();
        }

        replaced?.End();
        if (replaced is null)
        {
            _metrics?.Connected(1);
            Log.Joined(_logger, registration.Workload, registration.Service, registration.Version, registration.InboundAddress);
        }
        else
        {
            Log.Reconnected(_logger, registration.Workload, registration.Service, registration.Version, registration.InboundAddress);
        }

        Notify(view);
        return lease;
    }

    /// <summary>
    /// Removes the workload if <paramref name="lease"/> still owns its entry; a lease replaced by a reconnect
    /// or already expired removes nothing.
    /// </summary>
    /// <returns>Whether the entry was removed.</returns>
    public bool Remove(WorkloadLease lease, LeaveReason reason)
    {
        ArgumentNullException.ThrowIfNull(lease);
        RegistryView view;
        lock (_lock)
        {
            if (!_workloads.TryGetValue(lease.Workload, out var state) || !ReferenceEquals(state.Lease, lease))
            {
                return false;
            }

            _workloads.Remove(lease.Workload);
            view = NextView();
        }

        lease.End();
        _metrics?.Connected(-1);
        Log.Left(_logger, lease.Workload, reason);
        Notify(view);
        return true;
    }

    /// <summary>Renews a workload's lease and records what its sidecar reports.</summary>
    /// <returns><see langword="false"/> when the workload has no open stream (the sidecar must reconnect).</returns>
    public bool Report(string workload, SidecarReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var now = _timeProvider.GetUtcNow();
        RegistryView? view = null;
        bool newRejection;
        long? converged = null;
        lock (_lock)
        {
            if (!_workloads.TryGetValue(workload, out var state))
            {
                return false;
            }

            state.LastSeen = now;
            state.AppliedVersion = report.AppliedVersion;
            newRejection = report.RejectedVersion is not null
                && !string.Equals(report.RejectedVersion, state.RejectedVersion, StringComparison.Ordinal);
            state.RejectedVersion = report.RejectedVersion;
            state.RejectReason = report.RejectReason;
            if (report.AppliedVersion is not null && report.AppliedVersion == state.SentVersion)
            {
                converged = ConvergedConfigVersion();
            }

            if (state.Serving != report.AppServing)
            {
                state.Serving = report.AppServing;
                view = NextView();
            }
        }

        if (converged is { } version)
        {
            _metrics?.Converged(version);
        }

        if (newRejection)
        {
            _metrics?.Rejected(workload);
            Log.Rejected(_logger, workload, report.RejectedVersion!, report.RejectReason ?? "no reason given");
        }

        if (view is not null)
        {
            if (report.AppServing)
            {
                Log.StartedServing(_logger, workload);
            }
            else
            {
                Log.StoppedServing(_logger, workload);
            }

            Notify(view);
        }

        return true;
    }

    /// <summary>Removes every workload whose last report is older than the lease timeout.</summary>
    /// <returns>How many workloads left.</returns>
    public int ExpireLeases()
    {
        var now = _timeProvider.GetUtcNow();
        List<WorkloadLease>? expired = null;
        RegistryView? view = null;
        lock (_lock)
        {
            foreach (var state in _workloads.Values)
            {
                if (now - state.LastSeen > _leaseTimeout)
                {
                    (expired ??= []).Add(state.Lease);
                }
            }

            if (expired is null)
            {
                return 0;
            }

            foreach (var lease in expired)
            {
                _workloads.Remove(lease.Workload);
            }

            view = NextView();
        }

        foreach (var lease in expired)
        {
            lease.End();
            _metrics?.Connected(-1);
            Log.Left(_logger, lease.Workload, LeaveReason.LeaseExpired);
        }

        Notify(view);
        return expired.Count;
    }

    /// <summary>Every registered workload, serving or not, ordered by workload name, as of now.</summary>
    public IReadOnlyList<RegistryEntry> GetEntries()
    {
        lock (_lock)
        {
            return SortedEntries();
        }
    }

    /// <summary>The serving workloads (the ones callers are sent to), ordered by workload name.</summary>
    public IReadOnlyList<RegistryEntry> GetServingEntries() => [.. GetEntries().Where(e => e.Serving)];

    /// <summary>Records the version of the snapshot last pushed on a stream (for the status view).</summary>
    public void RecordSent(WorkloadLease lease, string version, long configVersion)
    {
        ArgumentNullException.ThrowIfNull(lease);
        long? converged = null;
        lock (_lock)
        {
            if (_workloads.TryGetValue(lease.Registration.Workload, out var state) && ReferenceEquals(state.Lease, lease))
            {
                state.SentVersion = version;
                state.SentConfigVersion = configVersion;
                state.SeenConfigVersion = configVersion;
                // A sidecar may ACK a snapshot before its push is recorded here.
                converged = ConvergedConfigVersion();
            }
        }

        if (converged is { } synced)
        {
            _metrics?.Converged(synced);
        }
    }

    /// <summary>
    /// Records that the sidecar's snapshot did not change for configuration <paramref name="configVersion"/> (nothing
    /// in it concerned the sidecar): it holds that configuration as soon as it holds its last snapshot.
    /// </summary>
    public void RecordUnchanged(WorkloadLease lease, long configVersion)
    {
        ArgumentNullException.ThrowIfNull(lease);
        long? converged = null;
        lock (_lock)
        {
            if (_workloads.TryGetValue(lease.Registration.Workload, out var state) && ReferenceEquals(state.Lease, lease))
            {
                state.SeenConfigVersion = configVersion;
                converged = ConvergedConfigVersion();
            }
        }

        if (converged is { } version)
        {
            _metrics?.Converged(version);
        }
    }

    // The configuration every connected sidecar has acknowledged, when each one has ACKed its last snapshot; caller holds
    // _lock. Only while a change waits for it: a report a second from every sidecar need not walk the registry.
    private long? ConvergedConfigVersion()
    {
        if (_metrics?.AwaitsConvergence != true)
        {
            return null;
        }

        var version = long.MaxValue;
        foreach (var state in _workloads.Values)
        {
            if (state.SentVersion is null || !string.Equals(state.SentVersion, state.AppliedVersion, StringComparison.Ordinal))
            {
                return null;
            }

            version = Math.Min(version, state.SeenConfigVersion);
        }

        return version == long.MaxValue ? null : version;
    }

    /// <summary>Each connected sidecar's delivery status, ordered by workload name.</summary>
    public IReadOnlyList<SidecarStatus> GetStatus()
    {
        lock (_lock)
        {
            return _workloads.Values
                .Select(static s => new SidecarStatus
                {
                    Workload = s.Lease.Registration.Workload,
                    Service = s.Lease.Registration.Service,
                    SentVersion = s.SentVersion,
                    SentConfigVersion = s.SentConfigVersion,
                    AppliedVersion = s.AppliedVersion,
                    RejectedVersion = s.RejectedVersion,
                    RejectReason = s.RejectReason,
                    InSync = s.SentVersion is not null && string.Equals(s.SentVersion, s.AppliedVersion, StringComparison.Ordinal),
                    LastContact = s.LastSeen,
                })
                .OrderBy(static s => s.Workload, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>What the control plane knows of one sidecar's last NACK, for the status view.</summary>
    public (string? Version, string? Reason) GetRejection(string workload)
    {
        lock (_lock)
        {
            return _workloads.TryGetValue(workload, out var state) ? (state.RejectedVersion, state.RejectReason) : (null, null);
        }
    }

    // Caller holds _lock.
    private RegistryView NextView() => new(++_generation, SortedEntries());

    // Caller holds _lock.
    private RegistryEntry[] SortedEntries()
    {
        var entries = new RegistryEntry[_workloads.Count];
        var i = 0;
        foreach (var state in _workloads.Values)
        {
            entries[i++] = state.ToEntry();
        }

        Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Registration.Workload, b.Registration.Workload));
        return entries;
    }

    private void Notify(RegistryView view)
    {
        foreach (var observer in _observers)
        {
            observer.OnRegistryChanged(view);
        }
    }

    /// <summary>The live, mutable side of one entry; guarded by the registry's lock.</summary>
    private sealed class LeaseState(WorkloadLease lease, DateTimeOffset connectedAt)
    {
        public WorkloadLease Lease { get; } = lease;

        public DateTimeOffset ConnectedAt { get; } = connectedAt;

        public DateTimeOffset LastSeen { get; set; } = connectedAt;

        public bool Serving { get; set; }

        public string? AppliedVersion { get; set; }

        public string? RejectedVersion { get; set; }

        public string? RejectReason { get; set; }

        public string? SentVersion { get; set; }

        public long SentConfigVersion { get; set; }

        public long SeenConfigVersion { get; set; }

        public RegistryEntry ToEntry() => new()
        {
            Registration = Lease.Registration,
            Serving = Serving,
            ConnectedAt = ConnectedAt,
            LastSeen = LastSeen,
            AppliedVersion = AppliedVersion,
            RejectedVersion = RejectedVersion,
            RejectReason = RejectReason,
        };
    }
}

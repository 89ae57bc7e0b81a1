using System.Diagnostics.Metrics;

namespace Mesh.ControlPlane.Telemetry;

/// <summary>
/// The control plane's instruments (meter <c>Mesh.ControlPlane</c>), each standing for one of istiod's: pushes, the time a
/// change takes to reach every sidecar, rejected snapshots, connected sidecars, certificates and refused configuration.
/// Every layer records what it does here; this folder uses no other.
/// </summary>
internal sealed class ControlPlaneMetrics
{
    /// <summary>The meter's name; the service defaults export it.</summary>
    public const string MeterName = "Mesh.ControlPlane";

    // A change no sidecar acknowledges (none connected) must not be remembered for ever.
    private const int MaxPendingChanges = 256;

    private readonly Counter<long> _pushes;
    private readonly Histogram<double> _convergence;
    private readonly Counter<long> _rejects;
    private readonly UpDownCounter<long> _connected;
    private readonly Counter<long> _issued;
    private readonly Counter<long> _refusedCertificates;
    private readonly Counter<long> _validationFailures;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<(long ConfigVersion, long AcceptedAt)> _pending = [];
    private int _connectedCount;

    public ControlPlaneMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _time = time;
        var meter = meterFactory.Create(MeterName);
        _pushes = meter.CreateCounter<long>("mesh.controlplane.pushes", "{push}",
            "Snapshots pushed to sidecars, by result: sent, unchanged (nothing new for that sidecar), failed (Istio's pilot_xds_pushes).");
        _convergence = meter.CreateHistogram<double>("mesh.controlplane.push.convergence", "s",
            "From an accepted configuration change to the last connected sidecar's ACK of it (Istio's pilot_proxy_convergence_time).");
        _rejects = meter.CreateCounter<long>("mesh.controlplane.xds.rejects", "{nack}",
            "Snapshots a sidecar refused (NACK), by workload (Istio's pilot_total_xds_rejects).");
        _connected = meter.CreateUpDownCounter<long>("mesh.controlplane.xds.connected", "{sidecar}",
            "Sidecars with an open push stream (Istio's pilot_xds).");
        _issued = meter.CreateCounter<long>("mesh.controlplane.certificates.issued", "{certificate}",
            "Workload certificates signed (Istio's citadel_server_success_cert_issuance_count).");
        _refusedCertificates = meter.CreateCounter<long>("mesh.controlplane.certificates.refused", "{request}",
            "Certificate signing requests refused, by reason: unauthenticated, other_workload, invalid (Istio's citadel_server_csr_parsing_err_count and kin).");
        _validationFailures = meter.CreateCounter<long>("mesh.controlplane.validation.failures", "{change}",
            "Configuration changes refused by validation, by source: request, file (Istio's galley_validation_failed).");
    }

    /// <summary>One snapshot push (or its skip) on a sidecar's stream.</summary>
    public void Pushed(string result) => _pushes.Add(1, new KeyValuePair<string, object?>("result", result));

    /// <summary>A sidecar refused a snapshot.</summary>
    public void Rejected(string workload) => _rejects.Add(1, new KeyValuePair<string, object?>("workload", workload));

    /// <summary>A sidecar's stream opened (+1) or its workload left (-1).</summary>
    public void Connected(int delta)
    {
        Interlocked.Add(ref _connectedCount, delta);
        _connected.Add(delta);
    }

    /// <summary>A certificate was signed.</summary>
    public void CertificateIssued() => _issued.Add(1);

    /// <summary>A signing request was refused.</summary>
    public void CertificateRefused(string reason) => _refusedCertificates.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A configuration change was refused.</summary>
    public void ValidationFailed(string source) => _validationFailures.Add(1, new KeyValuePair<string, object?>("source", source));

    /// <summary>
    /// Configuration version <paramref name="configVersion"/> came into force: its convergence time starts, if a sidecar
    /// is connected to catch up with it (the start-up load, before any, converges nowhere).
    /// </summary>
    public void ChangeAccepted(long configVersion)
    {
        if (Volatile.Read(ref _connectedCount) <= 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_pending.Count == MaxPendingChanges)
            {
                _pending.RemoveAt(0);
            }

            _pending.Add((configVersion, _time.GetTimestamp()));
        }
    }

    /// <summary>Whether a change waits for sidecars to acknowledge it (so the registry checks only then).</summary>
    public bool AwaitsConvergence
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count > 0;
            }
        }
    }

    /// <summary>Every connected sidecar has acknowledged configuration <paramref name="configVersion"/> or a later one.</summary>
    public void Converged(long configVersion)
    {
        lock (_lock)
        {
            while (_pending.Count > 0 && _pending[0].ConfigVersion <= configVersion)
            {
                _convergence.Record(_time.GetElapsedTime(_pending[0].AcceptedAt).TotalSeconds);
                _pending.RemoveAt(0);
            }
        }
    }
}

using System.Collections.Concurrent;

namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// All counters behind <c>/stats</c>. Counter objects are looked up or created only when listeners
/// start and snapshots compile; requests hold direct references and never touch a dictionary here.
/// Counters outlive snapshots, so a swap does not reset what the admin page shows.
/// </summary>
internal sealed class TrafficStats
{
    private readonly ConcurrentDictionary<string, ServiceStats> _outbound = new(StringComparer.Ordinal);

    public TrafficStats(string workload) => Inbound = new DestinationStats(workload);

    /// <summary>Requests the inbound listener handled; the destination is this sidecar's own workload.</summary>
    public DestinationStats Inbound { get; }

    /// <summary>The mesh graph's edges this sidecar counts, sent in its reports.</summary>
    public EdgeTable Edges { get; } = new();

    /// <summary>The counters of one upstream service (called at startup and snapshot compile time).</summary>
    public ServiceStats ForService(string service) => _outbound.GetOrAdd(service, static name => new ServiceStats(name));

    /// <summary>Requests the listeners finished so far, inbound and outbound (the sidecar's own calls not included).</summary>
    public long FinishedRequests => Inbound.Requests + _outbound.Values.Sum(s => s.Total.Requests);

    /// <summary>Every upstream service's counters, by name.</summary>
    public IEnumerable<ServiceStats> Outbound => _outbound.Values.OrderBy(s => s.Total.Destination, StringComparer.Ordinal);
}

/// <summary>Counters of one upstream service: all its requests, and those that reached each workload.</summary>
internal sealed class ServiceStats
{
    private readonly ConcurrentDictionary<string, DestinationStats> _workloads = new(StringComparer.Ordinal);

    public ServiceStats(string service) => Total = new DestinationStats(service);

    /// <summary>Every request for the service, including those that found no endpoint.</summary>
    public DestinationStats Total { get; }

    /// <summary>The counters of one destination workload (called at snapshot compile time).</summary>
    public DestinationStats ForWorkload(string workload) => _workloads.GetOrAdd(workload, static name => new DestinationStats(name));

    /// <summary>Each workload's counters, by name.</summary>
    public IEnumerable<DestinationStats> Workloads => _workloads.Values.OrderBy(s => s.Destination, StringComparer.Ordinal);
}

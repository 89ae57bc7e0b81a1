using System.Collections.Frozen;
using Mesh.Model.Snapshots;
using Mesh.Sidecar.Telemetry;

namespace Mesh.Sidecar.Outbound.Endpoints;

/// <summary>One endpoint of an upstream: where to send, who answers, and its counters.</summary>
internal sealed class EndpointModel(EndpointSnapshot source, string address, DestinationStats stats, FrozenSet<string> identities,
    DestinationServiceName service) : IBalancedEndpoint
{
    /// <summary>The endpoint as the snapshot gave it.</summary>
    public EndpointSnapshot Source { get; } = source;

    /// <summary>The destination prefix handed to the forwarder, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; } = address;

    /// <summary>The address with its host and port, as a try's span names its server (OpenTelemetry's <c>server.address</c>, <c>server.port</c>).</summary>
    public Upstream Upstream { get; } = Upstream.Of(address);

    /// <summary>The destination workload's counters (they outlive this snapshot).</summary>
    public DestinationStats Stats { get; } = stats;

    /// <summary>
    /// The SPIFFE URIs that may answer at this address: the identities of the endpoint's service (Istio's
    /// <c>subjectAltNames</c> for a cluster), checked in the server's certificate on a mutual-TLS connection.
    /// </summary>
    public FrozenSet<string> Identities { get; } = identities;

    /// <summary>The destination workload's name.</summary>
    public string Workload => Source.Workload;

    /// <summary>The destination workload's version label.</summary>
    public string Version => Source.Version;

    /// <summary>
    /// The endpoint as a recorded request's destination: its workload, version, counters, and Istio's labels for it (from
    /// its endpoint record: namespace the service's, app label, version), built once per snapshot.
    /// </summary>
    public RequestDestination Destination { get; } = new(source.Workload, source.Version, stats,
        PeerTags.Destination(new PeerWorkload(source.Workload, service.Namespace, PeerWorkload.AppOf(source.Labels, service.Name), source.Version), service),
        SpiffeIdentity.For(service.Namespace, source.ServiceAccount).Uri,
        Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.Authority : address);

    string IBalancedEndpoint.Key => Source.Workload;

    int IBalancedEndpoint.ActiveRequests => Stats.Active;
}

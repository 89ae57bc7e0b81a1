using Mesh.Sidecar.Configuration;

namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// One side of a request (its source or its destination) as Istio's standard labels name it: workload, namespace, app,
/// version, canonical service and revision, cluster, and for a destination its service. Built once when a listener starts,
/// a snapshot compiles or a caller's connection is accepted, and copied into each request's labels as it is: a request
/// builds none of these strings.
/// </summary>
internal sealed class PeerTags
{
    /// <summary>Istio's default cluster id (<c>values.global.multiCluster.clusterName</c>), what a single-cluster mesh reports.</summary>
    public const string Cluster = "Kubernetes";

    /// <summary>Tags in a source segment: <see cref="IstioLabels.SourceCount"/>.</summary>
    private readonly KeyValuePair<string, object?>[] _tags;

    private PeerTags(KeyValuePair<string, object?>[] tags) => _tags = tags;

    /// <summary>A source that names no one: a caller without a mesh identity.</summary>
    public static PeerTags UnknownSource { get; } = Source(PeerWorkload.Unknown);

    /// <summary>The tags in <see cref="IstioLabels"/>' order for their side.</summary>
    public ReadOnlySpan<KeyValuePair<string, object?>> Tags => _tags;

    /// <summary>Istio's <c>source_*</c> labels of <paramref name="workload"/> (principal excepted: it depends on the connection).</summary>
    public static PeerTags Source(PeerWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return new PeerTags(
        [
            new(IstioLabels.SourceWorkload, workload.Workload),
            new(IstioLabels.SourceWorkloadNamespace, workload.Namespace),
            new(IstioLabels.SourceApp, workload.App),
            new(IstioLabels.SourceVersion, workload.Version),
            // Istio's defaults: the canonical service and revision are the app and version labels.
            new(IstioLabels.SourceCanonicalService, workload.App),
            new(IstioLabels.SourceCanonicalRevision, workload.Version),
            new(IstioLabels.SourceCluster, workload.Known ? Cluster : SidecarMetrics.Unknown),
        ]);
    }

    /// <summary>Istio's <c>destination_*</c> labels of <paramref name="workload"/> serving <paramref name="service"/> (principal excepted).</summary>
    public static PeerTags Destination(PeerWorkload workload, DestinationServiceName service)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(service);
        return new PeerTags(
        [
            new(IstioLabels.DestinationWorkload, workload.Workload),
            new(IstioLabels.DestinationWorkloadNamespace, workload.Namespace),
            new(IstioLabels.DestinationApp, workload.App),
            new(IstioLabels.DestinationVersion, workload.Version),
            new(IstioLabels.DestinationService, service.Host),
            new(IstioLabels.DestinationServiceName, service.Name),
            new(IstioLabels.DestinationServiceNamespace, service.Namespace),
            new(IstioLabels.DestinationCanonicalService, workload.App),
            new(IstioLabels.DestinationCanonicalRevision, workload.Version),
            new(IstioLabels.DestinationCluster, workload.Known ? Cluster : SidecarMetrics.Unknown),
        ]);
    }
}

/// <summary>A workload as its labels describe it: Mesh.Model's endpoint records, or the sidecar's own settings.</summary>
/// <param name="Workload">The workload's name, e.g. <c>reviews-v2</c>.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="App">Its <c>app</c> label.</param>
/// <param name="Version">Its <c>version</c> label.</param>
internal sealed record PeerWorkload(string Workload, string Namespace, string App, string Version)
{
    /// <summary>Whether this names a workload (not <c>unknown</c>).</summary>
    public bool Known => Workload != SidecarMetrics.Unknown;

    /// <summary>An unknown workload: every label <c>unknown</c>.</summary>
    public static PeerWorkload Unknown { get; } = new(SidecarMetrics.Unknown, SidecarMetrics.Unknown, SidecarMetrics.Unknown, SidecarMetrics.Unknown);

    /// <summary>This sidecar's own workload: its <c>app</c> label is its service, as its registration sets it.</summary>
    public static PeerWorkload Of(SidecarIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new PeerWorkload(identity.Workload, identity.Namespace, identity.Service, identity.Version);
    }

    /// <summary>This sidecar's SPIFFE identity, the principal mutual TLS proves for it.</summary>
    public static string PrincipalOf(SidecarIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return SpiffeIdentity.For(identity.Namespace, identity.ServiceAccount).Uri;
    }

    /// <summary>The <c>app</c> label in <paramref name="labels"/>, else <paramref name="fallback"/> (the service, as the hosting library sets it).</summary>
    public static string AppOf(IReadOnlyDictionary<string, string>? labels, string fallback) =>
        labels is not null && labels.TryGetValue("app", out var app) && !string.IsNullOrEmpty(app) ? app : fallback;
}

/// <summary>The service a request is for, as Istio's three labels name it.</summary>
/// <param name="Host">Istio's <c>destination_service</c>: the service's host, e.g. <c>reviews.default.svc.cluster.local</c>.</param>
/// <param name="Name">Istio's <c>destination_service_name</c>, e.g. <c>reviews</c>.</param>
/// <param name="Namespace">Istio's <c>destination_service_namespace</c>.</param>
internal sealed record DestinationServiceName(string Host, string Name, string Namespace)
{
    /// <summary>No service could be named (the gateway matched no host or route).</summary>
    public static DestinationServiceName Unknown { get; } = new(SidecarMetrics.Unknown, SidecarMetrics.Unknown, SidecarMetrics.Unknown);

    /// <summary>The service <paramref name="name"/> in <paramref name="namespace"/>, with its cluster-local host.</summary>
    public static DestinationServiceName Of(string name, string @namespace) => new(Mesh.Model.Conventions.ServiceHosts.Fqdn(name, @namespace), name, @namespace);
}

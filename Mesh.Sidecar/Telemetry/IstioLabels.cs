namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// Istio's standard metric labels (istio.io, "Istio Standard Metrics"), in the order a request's labels are laid out:
/// the source's fixed tags (<see cref="PeerTags.Source"/>), the destination's (<see cref="PeerTags.Destination"/>), then
/// those a request decides; <c>grpc_response_status</c> last, so a request that is not a gRPC call leaves it off.
/// </summary>
internal static class IstioLabels
{
    public const string Reporter = "reporter";
    public const string SourceWorkload = "source_workload";
    public const string SourceWorkloadNamespace = "source_workload_namespace";
    public const string SourcePrincipal = "source_principal";
    public const string SourceApp = "source_app";
    public const string SourceVersion = "source_version";
    public const string SourceCanonicalService = "source_canonical_service";
    public const string SourceCanonicalRevision = "source_canonical_revision";
    public const string SourceCluster = "source_cluster";
    public const string DestinationWorkload = "destination_workload";
    public const string DestinationWorkloadNamespace = "destination_workload_namespace";
    public const string DestinationPrincipal = "destination_principal";
    public const string DestinationApp = "destination_app";
    public const string DestinationVersion = "destination_version";
    public const string DestinationService = "destination_service";
    public const string DestinationServiceName = "destination_service_name";
    public const string DestinationServiceNamespace = "destination_service_namespace";
    public const string DestinationCanonicalService = "destination_canonical_service";
    public const string DestinationCanonicalRevision = "destination_canonical_revision";
    public const string DestinationCluster = "destination_cluster";
    public const string RequestProtocol = "request_protocol";
    public const string ResponseCode = "response_code";
    public const string GrpcResponseStatus = "grpc_response_status";
    public const string ResponseFlags = "response_flags";
    public const string ConnectionSecurityPolicy = "connection_security_policy";

    /// <summary>Tags of a source segment.</summary>
    public const int SourceCount = 7;

    /// <summary>Tags of a destination segment.</summary>
    public const int DestinationCount = 10;

    /// <summary>Where the tags a request decides start.</summary>
    public const int Dynamic = SourceCount + DestinationCount;

    /// <summary>Every label, <c>grpc_response_status</c> included.</summary>
    public const int Count = Dynamic + 8;

    /// <summary>Istio's <c>reporter</c> of a client-side proxy (outbound, gateway).</summary>
    public const string SourceReporter = "source";

    /// <summary>Istio's <c>reporter</c> of a server-side proxy (inbound).</summary>
    public const string DestinationReporter = "destination";

    /// <summary>Istio's <c>connection_security_policy</c> of a request that came over mutual TLS.</summary>
    public const string MutualTls = "mutual_tls";

    /// <summary>Istio's <c>connection_security_policy</c> of a plain-text request.</summary>
    public const string None = "none";
}

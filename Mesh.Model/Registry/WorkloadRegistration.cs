namespace Mesh.Model.Registry;

// Defaulted members have setters, not init: source-generated JSON assigns every init member in one
// object initializer, which would overwrite a default with null when the field is absent.

/// <summary>
/// What a sidecar tells the control plane about its workload when it joins: who it is and where peers
/// reach its inbound listener. Mirrors what Kubernetes knows of a pod (labels, service account) plus
/// the address Istio would learn from an Endpoints object.
/// </summary>
public sealed record WorkloadRegistration
{
    /// <summary>The workload's name: the Aspire resource name of the app, e.g. <c>reviews-v2</c>.</summary>
    public required string Workload { get; init; }

    /// <summary>The logical service the workload serves, e.g. <c>reviews</c>.</summary>
    public required string Service { get; init; }

    /// <summary>The workload's version label; <c>v1</c> when the AppHost gives none (as Bookinfo's single-version services).</summary>
    public required string Version { get; init; }

    /// <summary>The workload's service account; part of its SPIFFE identity.</summary>
    public required string ServiceAccount { get; init; }

    /// <summary>The workload's namespace; <c>default</c> unless the AppHost says otherwise.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Absolute URL of the sidecar's inbound listener, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public required string InboundAddress { get; init; }

    /// <summary>
    /// Whether the sidecar's app answers at the moment it connects. A sidecar reconnecting to a restarted
    /// control plane says so at once, so peers are not told, even briefly, that the workload is gone.
    /// </summary>
    public bool AppServing { get; set; }

    /// <summary>Workload labels; always include <c>app</c> and <c>version</c>.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether the sidecar holds a workload certificate and so can serve mutual TLS on its inbound listener (it
    /// gets one before it registers when the AppHost gave it a bootstrap token).
    /// </summary>
    public bool MutualTls { get; set; }

    /// <summary>
    /// Whether the sidecar's inbound listener takes plain-text HTTP/2 with prior knowledge (h2c) beside HTTP/1.1, so
    /// peers may use it for plain-text hops. False for a gateway, and for any sidecar that does not say so.
    /// </summary>
    public bool CleartextHttp2 { get; set; }

    /// <summary>The port of the local app, which a PeerAuthentication's <c>portLevelMtls</c> names; null for a gateway.</summary>
    public int? AppPort { get; set; }

    /// <summary>Sidecar, or the ingress gateway (which gets the Gateway-bound routes and has no app).</summary>
    public Snapshots.ProxyMode Mode { get; set; }

    /// <summary>
    /// The version of the snapshot the sidecar is serving as it opens this stream, or null when it has none yet (as an
    /// xDS stream's first request carries its <c>version_info</c>). A control plane that has just started holds back
    /// the first push only from sidecars that have a snapshot to keep serving meanwhile.
    /// </summary>
    public string? ServingVersion { get; set; }
}

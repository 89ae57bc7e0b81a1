namespace Mesh.Model.Snapshots;

/// <summary>
/// Everything one sidecar needs from the control plane, pushed whole (never as a diff) so the sidecar can
/// swap it in atomically: every service's endpoints and the sidecar's share of the configuration. Certificates
/// travel apart, through certificate signing (Protocol).
/// </summary>
public sealed record SidecarSnapshot
{
    /// <summary>Monotonic version, unique per control-plane run; sidecars echo it in their acknowledgements.</summary>
    public required string Version { get; init; }

    /// <summary>Version of the mesh configuration (Istio resources) this snapshot was compiled from.</summary>
    public long ConfigVersion { get; set; }

    /// <summary>
    /// This sidecar's share of the mesh configuration: routes and policies per destination service, and the
    /// inbound policies that select its workload. Null from a control plane that sends none.
    /// </summary>
    public ConfigSnapshot? Config { get; set; }

    /// <summary>Every service in the mesh with its serving endpoints (like Envoy's EDS without a Sidecar scope).</summary>
    public required IReadOnlyList<ServiceSnapshot> Services { get; init; }

    /// <summary>
    /// The mesh roots (PEM certificates, the one the control plane signs with first) sidecars trust besides the root
    /// they were pinned to at start, so a root change reaches every sidecar at its next snapshot. Empty from a control
    /// plane that sends none.
    /// </summary>
    public IReadOnlyList<string> TrustBundle { get; set; } = [];

    /// <summary>
    /// The control plane's signature of <see cref="TrustBundle"/> for this sidecar (Conventions' <c>WorkloadToken</c>), made
    /// with a key only it and this sidecar derive from the workload's token: a sidecar takes a bundle only when it verifies.
    /// </summary>
    public string? TrustBundleSignature { get; set; }
}

/// <summary>A service and the endpoints that currently serve it.</summary>
public sealed record ServiceSnapshot
{
    /// <summary>Service name, e.g. <c>reviews</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Namespace of the service.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Serving endpoints, ordered by workload name so equal registries give equal snapshots.</summary>
    public required IReadOnlyList<EndpointSnapshot> Endpoints { get; init; }
}

/// <summary>One workload's inbound listener as seen by callers.</summary>
public sealed record EndpointSnapshot
{
    /// <summary>Workload name, e.g. <c>reviews-v2</c>.</summary>
    public required string Workload { get; init; }

    /// <summary>Version label of the workload.</summary>
    public required string Version { get; init; }

    /// <summary>Service account of the workload (its identity).</summary>
    public required string ServiceAccount { get; init; }

    /// <summary>Absolute URL of the workload's sidecar inbound listener.</summary>
    public required string Address { get; init; }

    /// <summary>Labels of the workload (subsets select by them).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether the endpoint's sidecar accepts mutual TLS: it has a workload certificate and its PeerAuthentication
    /// is not <c>DISABLE</c>. Callers in automatic mode (Istio's auto mTLS) use mutual TLS exactly when this is set.
    /// </summary>
    public bool MutualTls { get; set; }

    /// <summary>
    /// Whether the endpoint's sidecar takes plain-text HTTP/2 with prior knowledge (h2c): callers use it when they do not
    /// use mutual TLS, and HTTP/1.1 otherwise.
    /// </summary>
    public bool CleartextHttp2 { get; set; }
}

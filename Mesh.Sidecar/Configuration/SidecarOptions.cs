using Mesh.Model.Protocol;
namespace Mesh.Sidecar.Configuration;

/// <summary>
/// The sidecar's startup settings, section <c>Mesh</c> (environment variables <c>Mesh__*</c>, named in
/// <see cref="MeshSettings.Sidecar"/>, as the hosting library sets them). Pushed settings never live here: they
/// arrive as snapshots.
/// </summary>
internal sealed class SidecarOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = MeshSettings.Sidecar.Section;

    /// <summary>Base URL of the control plane, e.g. <c>http://localhost:5100</c>. Required.</summary>
    public string? ControlPlane { get; set; }

    /// <summary>The workload's name (its Aspire resource name), e.g. <c>reviews-v2</c>. Required.</summary>
    public string? Workload { get; set; }

    /// <summary>The service the workload serves, e.g. <c>reviews</c>. Required.</summary>
    public string? Service { get; set; }

    /// <summary>The workload's version label; <c>v1</c> when none is given, as Bookinfo's single-version services.</summary>
    public string Version { get; set; } = "v1";

    /// <summary>The workload's service account; defaults to the service name (Istio's convention when none is set).</summary>
    public string? ServiceAccount { get; set; }

    /// <summary>The workload's namespace; <c>default</c>, as in Kubernetes.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Extra workload labels; <c>app</c> and <c>version</c> are always added from <see cref="Service"/> and <see cref="Version"/>.</summary>
    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The bootstrap token the AppHost issued for this workload (<c>Mesh__Token</c>): the control plane's CA signs a
    /// certificate for the workload's identity only with it. None: no identity, plain text only.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// The SHA-256 fingerprint (64 hexadecimal digits) of the mesh root (<c>Mesh__RootPin</c>): certificates from the
    /// control plane must chain to it. None: the sidecar trusts the root of the first certificate answer.
    /// </summary>
    public string? RootPin { get; set; }

    /// <summary>Base URL of the local app, e.g. <c>http://localhost:5200</c>. Required: inbound traffic goes there.</summary>
    public string? App { get; set; }

    /// <summary>
    /// The protocol spoken to the app: <c>http</c> (HTTP/1.1, the default) or <c>http2</c> (HTTP/2 with prior knowledge, h2c,
    /// for every request, and the gRPC health protocol for the app probe).
    /// </summary>
    public string AppProtocol { get; set; } = "http";

    /// <summary>Path the app prober requests; <c>/health</c>, the path Aspire's service defaults map.</summary>
    public string AppProbePath { get; set; } = "/health";

    /// <summary>Host part of the inbound address registered with the control plane.</summary>
    public string AdvertiseHost { get; set; } = "127.0.0.1";

    /// <summary>The ports of the inbound and admin listeners.</summary>
    public ListenersOptions Listeners { get; } = new();

    /// <summary>One loopback listener per upstream the app calls (the Consul "upstreams" model).</summary>
    public List<OutboundListenerOptions> Outbound { get; } = [];

    /// <summary>
    /// How often the control plane pings the stream; no line for three of these means the stream is dead
    /// (the gRPC keepalive rule of thumb: a few missed pings, not one). Default: the control plane's, 2 s.
    /// </summary>
    public TimeSpan PingInterval { get; set; } = ControlPlaneRoutes.PingInterval;

    /// <summary>How often the sidecar reports to the control plane (its lease renewal). Default 1 s.</summary>
    public TimeSpan ReportInterval { get; set; } = ControlPlaneRoutes.ReportInterval;

    /// <summary>How often the app is probed. Default 1 s, Kubernetes' minimum probe period.</summary>
    public TimeSpan AppProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one app probe may take. Default 2 s.</summary>
    public TimeSpan AppProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether a request may ask for a fault itself (<c>x-mesh-fault-delay</c>, <c>x-mesh-fault-abort</c>): off
    /// by default, so only a mesh configured for testing honours them.
    /// </summary>
    public bool FaultHeaders { get; set; }

    /// <summary>
    /// Whether every request gets an access log line in Envoy's default format (<c>Mesh__AccessLog</c>, which the AppHost's
    /// <c>Mesh:AccessLog</c> sets): off by default, as a line per request costs CPU on every hop.
    /// </summary>
    public bool AccessLog { get; set; }

    /// <summary>
    /// <c>Sidecar</c> (default) or <c>Gateway</c>: the ingress gateway routes its inbound listener by the Gateway-bound
    /// routes of its snapshot and has no local app.
    /// </summary>
    public ProxyMode Mode { get; set; }

    /// <summary>The effective service account: <see cref="ServiceAccount"/>, else the service name.</summary>
    public string EffectiveServiceAccount =>
        string.IsNullOrWhiteSpace(ServiceAccount) ? Service ?? string.Empty : ServiceAccount;
}

/// <summary>Ports of the sidecar's fixed listeners (section <c>Mesh:Listeners</c>); 0 binds any free port.</summary>
internal sealed class ListenersOptions
{
    /// <summary>Port of the inbound listener that peers reach. Required.</summary>
    public int? Inbound { get; set; }

    /// <summary>Port of the admin listener (health, config, stats). Required.</summary>
    public int? Admin { get; set; }

    /// <summary>
    /// The app's published port, which the sidecar holds in the app's place (inbound capture): callers outside the mesh
    /// reach the app only through the inbound stack, as Istio's iptables rules send a pod's inbound traffic to Envoy.
    /// Optional: none when the hosting library cannot move the app off its published port.
    /// </summary>
    public int? Captured { get; set; }
}

/// <summary>One outbound listener (section <c>Mesh:Outbound:{i}</c>).</summary>
internal sealed class OutboundListenerOptions
{
    /// <summary>Listener name, as the app knows the upstream, e.g. <c>reviews</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The upstream service, e.g. <c>reviews</c>. Defaults to <see cref="Name"/>.</summary>
    public string? Service { get; set; }

    /// <summary>Pins the listener to one workload of the service (an app that references a versioned workload directly).</summary>
    public string? Workload { get; set; }

    /// <summary>Loopback port of the listener; 0 binds any free port.</summary>
    public int? Port { get; set; }

    /// <summary>The effective upstream service: <see cref="Service"/>, else <see cref="Name"/>.</summary>
    public string EffectiveService => string.IsNullOrWhiteSpace(Service) ? Name ?? string.Empty : Service;
}

using Aspire.Hosting.Internal.Commands;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The mesh's control plane: one process that keeps the service registry and pushes each sidecar its
/// configuration. Created by <see cref="MeshBuilderExtensions.AddMesh"/>.
/// </summary>
/// <remarks>
/// When the mesh is switched off (configuration key <c>Mesh:Enabled=false</c>) or the AppHost publishes a
/// manifest, the resource still exists so the AppHost's code runs unchanged, but it is not part of the
/// application model: no process starts and nothing is published.
/// </remarks>
public sealed class MeshResource : ExecutableResource, IResourceWithServiceDiscovery
{
    /// <summary>Name of the control plane's HTTP endpoint (admin API and sidecar streams).</summary>
    public const string HttpEndpointName = "http";

    private readonly Dictionary<string, MeshServiceResource> _services = new(StringComparer.OrdinalIgnoreCase);

    internal MeshResource(string name, string command, string workingDirectory, bool enabled)
        : base(name, command, workingDirectory)
    {
        IsEnabled = enabled;
    }

    /// <summary>
    /// Whether sidecars and the control plane run. False when the mesh is switched off or the AppHost is
    /// publishing; the apps then call each other directly.
    /// </summary>
    public bool IsEnabled { get; }

    /// <summary>The Kubernetes-style namespace of every workload in this mesh; part of workload identities.</summary>
    public string Namespace { get; internal set; } = "default";

    /// <summary>The control plane's HTTP endpoint.</summary>
    public EndpointReference HttpEndpoint => new(this, HttpEndpointName);

    /// <summary>
    /// Folder of Istio / Gateway API YAML files the control plane reads and watches (hot reload), set by
    /// <see cref="MeshConfigurationBuilderExtensions.WithConfigDirectory"/>; null when none.
    /// </summary>
    public string? ConfigDirectory { get; internal set; }

    /// <summary>
    /// Folder where the control plane keeps what must survive its restarts: resources applied at run time and
    /// (with mutual TLS) its certificate authority. Per AppHost; set with configuration key <c>Mesh:StateDirectory</c>.
    /// </summary>
    public string StateDirectory { get; internal set; } = string.Empty;

    /// <summary>
    /// The admin API's credential for this run: a secret parameter (<c>{name}-admin-token</c> in the dashboard, masked)
    /// that requests changing the mesh present as <c>Authorization: Bearer</c>. Null while the mesh is off.
    /// </summary>
    public ParameterResource? AdminToken { get; internal set; }

    /// <summary>The admin credential's value, for the clients the AppHost makes itself (<see cref="MeshClientExtensions.CreateMeshClient"/>).</summary>
    internal string? AdminTokenValue { get; set; }

    /// <summary>
    /// Whether requests may ask for faults themselves through the <c>x-mesh-fault-delay</c> and
    /// <c>x-mesh-fault-abort</c> headers; set by <see cref="MeshConfigurationBuilderExtensions.WithFaultHeaders"/>.
    /// </summary>
    public bool FaultHeadersAllowed { get; internal set; }

    /// <summary>
    /// Whether the sidecars and the gateway write an access log line per request (configuration key
    /// <see cref="MeshBuilderExtensions.AccessLogConfigurationKey"/>).
    /// </summary>
    public bool AccessLog { get; internal set; }

    /// <summary>
    /// Whether the mesh starts its processes again when they die on their own (killed, crashed), as Kubernetes restarts
    /// a dead container: the control plane, the sidecars, the gateway and the meshed apps, after a back-off that
    /// doubles from 1 second to a minute while a process keeps dying. A Stop from the dashboard (or
    /// <c>ResourceCommandService</c>) is obeyed, never undone. On unless
    /// <see cref="MeshConfigurationBuilderExtensions.WithRestarts"/> or configuration key
    /// <see cref="MeshBuilderExtensions.RestartsConfigurationKey"/> turns it off.
    /// </summary>
    public bool RestartsDeadProcesses { get; internal set; } = true;

    /// <summary>
    /// How long workload certificates are valid; set by <see cref="MeshConfigurationBuilderExtensions.WithCertificateLifetime"/>
    /// or configuration key <c>Mesh:CertificateLifetime</c>. Null leaves the control plane's default (24 hours).
    /// </summary>
    public TimeSpan? CertificateLifetime { get; internal set; }

    /// <summary>The control plane's minimum: certificates are back-dated a minute and renewed at half-life.</summary>
    internal static readonly TimeSpan MinimumCertificateLifetime = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A year: far past any local run. Istio caps workload certificates at 90 days by default
    /// (<c>MAX_WORKLOAD_CERT_TTL</c>); a longer value here is almost certainly a typo (hours meant as days).
    /// </summary>
    internal static readonly TimeSpan MaximumCertificateLifetime = TimeSpan.FromDays(365);

    internal static bool IsValidCertificateLifetime(TimeSpan lifetime) =>
        lifetime >= MinimumCertificateLifetime && lifetime <= MaximumCertificateLifetime;

    /// <summary>Resources given in C# with <see cref="MeshConfigurationBuilderExtensions.WithConfiguration"/>, as YAML documents.</summary>
    public IReadOnlyList<string> InlineConfiguration => _inline;

    private readonly List<string> _inline = [];

    internal void AddInlineConfiguration(string yaml) => _inline.Add(yaml);

    private readonly List<MeshWorkloadAnnotation> _workloads = [];
    private readonly List<string> _workloadNames = [];

    /// <summary>
    /// Every workload given a sidecar, and every ingress gateway, by resource name, so the control plane can
    /// validate configuration against the AppHost's services before their sidecars have joined, and knows which
    /// token proves which identity when a sidecar asks for its certificate.
    /// </summary>
    internal IEnumerable<(string Name, MeshWorkloadAnnotation Identity)> Workloads => _workloadNames.Zip(_workloads);

    internal void AddWorkload(string name, MeshWorkloadAnnotation identity)
    {
        _workloadNames.Add(name);
        _workloads.Add(identity);
    }

    /// <summary>The traffic shifts and faults the dashboard's commands asked for in this run, per host.</summary>
    internal DashboardRoutes DashboardRoutes { get; } = new();

    /// <summary>Logical services declared with <see cref="MeshBuilderExtensions.AddService"/>, by name.</summary>
    public IReadOnlyDictionary<string, MeshServiceResource> Services => _services;

    internal void AddLogicalService(MeshServiceResource service)
    {
        if (!_services.TryAdd(service.Name, service))
        {
            throw new DistributedApplicationException(
                $"Mesh '{Name}' already has a logical service named '{service.Name}'. Call AddService once per service and pass the same builder to every version's WithSidecar.");
        }
    }
}

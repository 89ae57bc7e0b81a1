namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The sidecar proxy beside one workload, named <c>{workload}-sidecar</c> and shown nested under it in the
/// dashboard. It owns the workload's inbound listener, one outbound listener per upstream the workload
/// references, and an admin listener (<c>/healthz</c>, <c>/readyz</c>, <c>/config</c>, <c>/stats</c>).
/// </summary>
public sealed class MeshSidecarResource : ExecutableResource
{
    /// <summary>Endpoint that peers' sidecars call.</summary>
    public const string InboundEndpointName = "inbound";

    /// <summary>Endpoint of the admin API (health, config, stats).</summary>
    public const string AdminEndpointName = "admin";

    /// <summary>Prefix of the per-upstream outbound endpoints: <c>out-{upstream}</c>.</summary>
    public const string OutboundEndpointPrefix = "out-";

    private readonly List<MeshUpstream> _upstreams = [];

    internal MeshSidecarResource(string name, string command, string workingDirectory, IResourceWithEndpoints workload)
        : base(name, command, workingDirectory)
    {
        Workload = workload;
    }

    /// <summary>The workload this sidecar serves.</summary>
    public IResourceWithEndpoints Workload { get; }

    /// <summary>The upstreams the workload references, each with its outbound listener; filled when the app starts.</summary>
    public IReadOnlyList<MeshUpstream> Upstreams => _upstreams;

    internal MeshUpstream? FindUpstream(string name) =>
        _upstreams.Find(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));

    internal MeshUpstream AddUpstream(string name, string service, string? pinnedWorkload)
    {
        if (FindUpstream(name) is { } existing)
        {
            return existing;
        }

        var endpointName = OutboundEndpointPrefix + name;
        var annotation = new EndpointAnnotation(System.Net.Sockets.ProtocolType.Tcp, uriScheme: "http", name: endpointName, isProxied: false);
        Annotations.Add(annotation);
        var upstream = new MeshUpstream(name, service, pinnedWorkload, new EndpointReference(this, annotation));
        _upstreams.Add(upstream);
        return upstream;
    }
}

/// <summary>One upstream of a sidecar: the outbound listener the app's calls to it are rewired to.</summary>
/// <param name="Name">Name the app uses for the upstream (the referenced resource's name).</param>
/// <param name="Service">The mesh service the listener sends to.</param>
/// <param name="PinnedWorkload">When the app referenced one versioned workload directly, that workload.</param>
/// <param name="Listener">The sidecar's outbound endpoint for this upstream.</param>
public sealed record MeshUpstream(string Name, string Service, string? PinnedWorkload, EndpointReference Listener);

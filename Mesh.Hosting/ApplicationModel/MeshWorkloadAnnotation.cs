namespace Aspire.Hosting.ApplicationModel;

/// <summary>Marks a resource as a mesh workload and carries its identity.</summary>
/// <param name="Mesh">The mesh the workload joined.</param>
/// <param name="Service">The service it serves: the logical service's name, or the resource's own name.</param>
/// <param name="LogicalService">The logical service, when the workload is one version of it.</param>
/// <param name="Version">The workload's version label (<c>v1</c> unless given).</param>
/// <param name="ServiceAccount">The service account of its identity (the service name unless given).</param>
/// <param name="Sidecar">
/// Its sidecar, or null while the mesh is off or the AppHost publishes, and for the ingress gateway, which is its
/// own proxy.
/// </param>
public sealed record MeshWorkloadAnnotation(
    MeshResource Mesh,
    string Service,
    MeshServiceResource? LogicalService,
    string Version,
    string ServiceAccount,
    MeshSidecarResource? Sidecar) : IResourceAnnotation
{
    private readonly string? _namespace;

    /// <summary>
    /// The namespace of its identity: the mesh's, unless set. The ingress gateway lives in <c>istio-system</c>, as
    /// Istio's does, so its certificate and catalog entry must not take the mesh's namespace.
    /// </summary>
    internal string Namespace
    {
        get => _namespace ?? Mesh.Namespace;
        init => _namespace = value;
    }

    /// <summary>
    /// Its bootstrap token for this AppHost run, or null while the mesh is off or the AppHost publishes. Made once
    /// with the identity, not per environment callback: a control plane restarted from the dashboard re-evaluates
    /// its environment and must still accept the token of every sidecar that kept running. Internal, so it is
    /// neither public API nor part of the record's <c>ToString</c>.
    /// </summary>
    internal string? Token { get; init; }
}

/// <summary>Records that a resource references a logical mesh service with <c>WithReference</c>.</summary>
/// <param name="Service">The referenced service.</param>
public sealed record MeshServiceReferenceAnnotation(MeshServiceResource Service) : IResourceAnnotation;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>Marks a resource as a mesh workload and carries its identity.</summary>
/// <param name="Mesh">The mesh the workload joined.</param>
/// <param name="Service">The service it serves: the logical service's name, or the resource's own name.</param>
/// <param name="LogicalService">The logical service, when the workload is one version of it.</param>
/// <param name="Version">The workload's version label (<c>v1</c> unless given).</param>
/// <param name="ServiceAccount">The service account of its identity (the service name unless given).</param>
/// <param name="Sidecar">Its sidecar, or null while the mesh is off or the AppHost publishes.</param>
public sealed record MeshWorkloadAnnotation(
    MeshResource Mesh,
    string Service,
    MeshServiceResource? LogicalService,
    string Version,
    string ServiceAccount,
    MeshSidecarResource? Sidecar) : IResourceAnnotation;

/// <summary>Records that a resource references a logical mesh service with <c>WithReference</c>.</summary>
/// <param name="Service">The referenced service.</param>
public sealed record MeshServiceReferenceAnnotation(MeshServiceResource Service) : IResourceAnnotation;

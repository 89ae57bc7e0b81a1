namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A logical service served by several workloads (versions), as a Kubernetes Service selects several
/// Deployments: <c>reviews</c> served by <c>reviews-v1</c>, <c>reviews-v2</c> and <c>reviews-v3</c>.
/// Callers reference it with <c>WithReference(service)</c> and call <c>http://{name}</c>; the caller's
/// sidecar balances across every version (and, in later issues, routes by policy).
/// </summary>
/// <remarks>It runs no process of its own and is never published.</remarks>
public sealed class MeshServiceResource : Resource
{
    private readonly List<IResourceWithEndpoints> _workloads = [];

    internal MeshServiceResource(string name, MeshResource mesh) : base(name)
    {
        Mesh = mesh;
    }

    /// <summary>The mesh the service belongs to.</summary>
    public MeshResource Mesh { get; }

    /// <summary>The workloads that serve this service, in the order their sidecars were added.</summary>
    public IReadOnlyList<IResourceWithEndpoints> Workloads => _workloads;

    internal void AddWorkload(IResourceWithEndpoints workload, string version)
    {
        foreach (var existing in _workloads)
        {
            if (existing.TryGetLastAnnotation<MeshWorkloadAnnotation>(out var other)
                && string.Equals(other.Version, version, StringComparison.OrdinalIgnoreCase))
            {
                throw new DistributedApplicationException(
                    $"Service '{Name}' already has a workload with version '{version}' ('{existing.Name}'); '{workload.Name}' needs another version.");
            }
        }

        _workloads.Add(workload);
        VersionChoices.Add(KeyValuePair.Create(version, version));
    }

    /// <summary>
    /// The versions as the choices of the dashboard's "Shift to version" input. One list, filled as versions are added
    /// after the command is declared (<see cref="MeshBuilderExtensions.AddService"/> comes before every WithSidecar).
    /// </summary>
    internal List<KeyValuePair<string, string>> VersionChoices { get; } = [];
}

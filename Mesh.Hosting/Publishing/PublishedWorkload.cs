using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal;

namespace Aspire.Hosting.Publishing;

/// <summary>A meshed workload as a cluster runs it: a Deployment of its image, serving its app endpoint on one port.</summary>
/// <param name="Resource">The AppHost resource.</param>
/// <param name="Identity">Its service, version, service account and namespace.</param>
/// <param name="Image">
/// The image reference the Deployment names: for a project, its repository as <c>dotnet publish /t:PublishContainer</c>
/// names it (the project's name in lower case), which <c>kustomization.yaml</c> maps to the registry users push to.
/// </param>
/// <param name="Port">The container port of its app endpoint.</param>
/// <param name="Protocol">Istio's protocol for the port, by the endpoint's transport: <c>grpc</c> for HTTP/2, else <c>http</c>.</param>
internal sealed record PublishedWorkload(IResource Resource, MeshWorkloadAnnotation Identity, string Image, int Port, string Protocol)
{
    /// <summary>
    /// The port an ASP.NET Core container image listens on (<c>ASPNETCORE_HTTP_PORTS</c> in Microsoft's images, and what
    /// Aspire's publishers give a project's http endpoint).
    /// </summary>
    internal const int ProjectContainerPort = 8080;

    public string Name => Resource.Name;

    public IReadOnlyDictionary<string, string> Labels => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["app"] = Identity.Service,
        ["version"] = Identity.Version,
    };

    /// <summary>The workloads of <paramref name="mesh"/>; a workload a cluster cannot run from the AppHost's model is reported and left out.</summary>
    public static List<PublishedWorkload> Of(DistributedApplicationModel model, MeshResource mesh, ICollection<string> warnings)
    {
        var workloads = new List<PublishedWorkload>();
        foreach (var resource in model.Resources)
        {
            if (!resource.TryGetLastAnnotation<MeshWorkloadAnnotation>(out var identity) || !ReferenceEquals(identity.Mesh, mesh))
            {
                continue;
            }

            var endpoint = SidecarEnvironment.AppEndpoint(resource);
            var image = ImageOf(resource);
            int? port = endpoint?.TargetPort ?? (resource is ProjectResource ? ProjectContainerPort : null);
            if (image is null || endpoint is null || port is null)
            {
                warnings.Add($"{resource.Name}: not written: {(image is null ? "only projects and containers have an image a cluster can run" : "its 'http' endpoint has no target port (give it one: WithHttpEndpoint(targetPort: ...))")}.");
                continue;
            }

            var protocol = string.Equals(endpoint.Transport, "http2", StringComparison.OrdinalIgnoreCase) ? "grpc" : "http";
            workloads.Add(new PublishedWorkload(resource, identity, image, port.Value, protocol));
        }

        return workloads;
    }

    private static string? ImageOf(IResource resource)
    {
        if (resource.TryGetLastAnnotation<IProjectMetadata>(out var project))
        {
            return Path.GetFileNameWithoutExtension(project.ProjectPath).ToLowerInvariant();
        }

        if (resource.TryGetLastAnnotation<ContainerImageAnnotation>(out var container))
        {
            var name = container.Registry is { Length: > 0 } registry ? $"{registry}/{container.Image}" : container.Image;
            return container.Tag is { Length: > 0 } tag ? $"{name}:{tag}" : name;
        }

        return null;
    }
}

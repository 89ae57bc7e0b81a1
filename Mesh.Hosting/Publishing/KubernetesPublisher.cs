using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Pipelines;
using Mesh.Model.Compilation;
using Mesh.Model.Registry;
using Mesh.Model.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

#pragma warning disable ASPIREPIPELINES001 // The pipeline API is marked for evaluation; manifest publishing runs on it.

namespace Aspire.Hosting.Publishing;

/// <summary>
/// Publishing's part of the mesh. Beside the manifest (which holds the apps only, for azd) it writes
/// <c>kubernetes/</c>: the workloads as Kubernetes objects and the mesh configuration in force as Istio and Gateway API
/// resources, so the policy developed locally runs on a cluster with Istio. It prints one warning per mesh feature azd
/// will not enforce, and one per thing that does not carry over to the cluster.
/// </summary>
internal sealed partial class KubernetesPublisher
{
    /// <summary>The pipeline step Aspire runs for <c>--publisher manifest</c>.</summary>
    internal const string ManifestStep = "publish-manifest";

    private readonly MeshResource _mesh;
    private readonly string? _stateDirectory;

    private KubernetesPublisher(MeshResource mesh, string? stateDirectory)
    {
        _mesh = mesh;
        _stateDirectory = stateDirectory;
    }

    /// <summary>Adds the step, which runs whenever the AppHost publishes its manifest.</summary>
    public static void AddTo(IDistributedApplicationBuilder builder, MeshResource mesh, string? stateDirectory)
    {
        var publisher = new KubernetesPublisher(mesh, stateDirectory);
        builder.Pipeline.AddStep($"mesh-kubernetes-{mesh.Name}", publisher.PublishAsync, requiredBy: ManifestStep);
    }

    private async Task PublishAsync(PipelineStepContext context)
    {
        var output = context.Services.GetRequiredService<IOptions<PipelineOptions>>().Value.OutputPath
            ?? throw new DistributedApplicationException("Publishing the mesh needs an output folder: pass --output-path.");
        var full = Path.GetFullPath(output);
        // As the manifest step: a path ending in .json names the manifest file, anything else its folder.
        var directory = Path.Combine(full.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? Path.GetDirectoryName(full)! : full, KubernetesFiles.Folder);
        var result = await WriteAsync(context.Model, context.ExecutionContext, directory, context.CancellationToken).ConfigureAwait(false);

        foreach (var warning in result.AzdWarnings)
        {
            Log.AzdNotEnforced(context.Logger, warning);
        }

        foreach (var warning in result.KubernetesWarnings)
        {
            Log.NotCarried(context.Logger, warning);
        }

        Log.Published(context.Logger, _mesh.Name, directory, result.Workloads, result.Services, result.MeshResources);
    }

    /// <summary>Writes <c>kubernetes/</c> for the model into <paramref name="directory"/>.</summary>
    internal async Task<PublishResult> WriteAsync(DistributedApplicationModel model, DistributedApplicationExecutionContext executionContext, string directory, CancellationToken cancellationToken)
    {
        var catalog = ServiceCatalog.FromRegistrations(_mesh.Workloads.Select(static w => Registration(w.Name, w.Identity)));
        var config = ConfigInForce.Load(_mesh, _stateDirectory, catalog);
        var warnings = new List<string>();
        var workloads = PublishedWorkload.Of(model, _mesh, warnings);
        var resources = config.Documents.Select(static d => d.Resource).ToList();

        var environment = new DeploymentEnvironment(workloads, warnings);
        var deployments = new List<k8s.Models.V1Deployment>();
        foreach (var workload in workloads)
        {
            deployments.Add(KubernetesObjects.Deployment(workload, await environment.ForAsync(workload, executionContext, cancellationToken).ConfigureAwait(false)));
        }

        var services = Services(workloads, resources, catalog);
        var accounts = workloads.Select(static w => (w.Identity.ServiceAccount, w.Identity.Namespace)).Distinct().Order()
            .Select(static a => KubernetesObjects.ServiceAccount(a.ServiceAccount, a.Namespace));
        var namespaces = workloads.Select(static w => w.Identity.Namespace).Append(_mesh.Namespace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(KubernetesObjects.Namespace);
        var documents = config.Documents.Where(static d => d.Resource is not LocalRateLimit).Select(d => ClusterHosts.Map(d, catalog)).ToList();
        var filters = resources.OfType<LocalRateLimit>().Select(l => RateLimitFilters.Convert(l, catalog, warnings)).ToList();
        if (_mesh.FaultHeadersAllowed)
        {
            warnings.Add("fault headers (WithFaultHeaders) have no counterpart in Istio: x-mesh-fault-delay and x-mesh-fault-abort have no effect in the cluster.");
        }

        if (Directory.Exists(directory))
        {
            // A file from an earlier publish (rate-limits.yaml for a limit since removed) must not be applied again.
            Directory.Delete(directory, recursive: true);
        }

        var files = new List<string> { KubernetesFiles.NamespaceFile, KubernetesFiles.ServiceAccountsFile, KubernetesFiles.ServicesFile, KubernetesFiles.DeploymentsFile };
        KubernetesFiles.WriteObjects(directory, KubernetesFiles.NamespaceFile, namespaces);
        KubernetesFiles.WriteObjects(directory, KubernetesFiles.ServiceAccountsFile, accounts);
        KubernetesFiles.WriteObjects(directory, KubernetesFiles.ServicesFile, services);
        KubernetesFiles.WriteObjects(directory, KubernetesFiles.DeploymentsFile, deployments);
        if (documents.Count > 0)
        {
            KubernetesFiles.WriteDocuments(directory, KubernetesFiles.MeshConfigFile, documents);
            files.Add(KubernetesFiles.MeshConfigFile);
        }

        if (filters.Count > 0)
        {
            KubernetesFiles.WriteTyped(directory, KubernetesFiles.RateLimitsFile, filters);
            files.Add(KubernetesFiles.RateLimitsFile);
        }

        var images = workloads.Where(static w => w.Resource is ProjectResource).Select(static w => w.Image).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(static image => new KustomizeImage(image, image, "latest")).ToList();
        KubernetesFiles.WriteTyped(directory, KubernetesFiles.KustomizationFile, [new Kustomization { Resources = files, Images = images }]);

        return new PublishResult(AzdWarnings.For(_mesh, workloads, resources), warnings, workloads.Count, services.Count, documents.Count + filters.Count);
    }

    /// <summary>
    /// A Service per service, selecting its workloads by <c>app</c>; and a Service per version a caller or a route can
    /// name on its own (each workload of a logical service by its resource name, and the <c>&lt;service&gt;-&lt;version&gt;</c>
    /// names an HTTPRoute backend uses), selecting <c>app</c> and <c>version</c> as Istio's <c>bookinfo-versions.yaml</c>.
    /// </summary>
    private static List<k8s.Models.V1Service> Services(List<PublishedWorkload> workloads, List<ConfigResource> resources, ServiceCatalog catalog)
    {
        var ports = KubernetesObjects.ConfiguredPorts(resources, catalog);
        var services = new List<k8s.Models.V1Service>();
        var names = new HashSet<(string, string)>();
        foreach (var group in workloads.GroupBy(static w => (w.Identity.Service, w.Identity.Namespace)).OrderBy(static g => g.Key))
        {
            var (service, @namespace) = group.Key;
            var configured = ports[catalog.Find(service, @namespace)!].ToList();
            var protocol = group.First().Protocol;
            names.Add((service, @namespace));
            services.Add(KubernetesObjects.Service(service, @namespace, new Dictionary<string, string> { ["app"] = service }, protocol, configured));

            var versions = group.Where(static w => w.Identity.LogicalService is not null).Select(static w => (w.Name, w.Identity.Version))
                .Concat(VersionBackends(resources, catalog, service, @namespace));
            foreach (var (name, version) in versions.Where(v => names.Add((v.Item1, @namespace))).OrderBy(static v => v.Item1, StringComparer.Ordinal))
            {
                services.Add(KubernetesObjects.Service(name, @namespace, new Dictionary<string, string> { ["app"] = service, ["version"] = version }, protocol, configured));
            }
        }

        return services;
    }

    private static IEnumerable<(string Name, string Version)> VersionBackends(List<ConfigResource> resources, ServiceCatalog catalog, string service, string @namespace) =>
        from route in resources.OfType<HttpRoute>()
        from backend in KubernetesObjects.BackendRefs(route)
        let target = catalog.ResolveBackend(backend.Name, backend.Namespace ?? route.Metadata.Namespace)
        where target is { Version: not null }
            && string.Equals(target.Service.Name, service, StringComparison.OrdinalIgnoreCase)
            && string.Equals(target.Service.Namespace, @namespace, StringComparison.OrdinalIgnoreCase)
        select (backend.Name, target.Version!);

    private static WorkloadRegistration Registration(string name, MeshWorkloadAnnotation identity) => new()
    {
        Workload = name,
        Service = identity.Service,
        Version = identity.Version,
        ServiceAccount = identity.ServiceAccount,
        Namespace = identity.Namespace,
        InboundAddress = "http://declared.invalid",
    };
}

/// <summary>What a publish wrote and reported.</summary>
internal sealed record PublishResult(IReadOnlyList<string> AzdWarnings, IReadOnlyList<string> KubernetesWarnings, int Workloads, int Services, int MeshResources);

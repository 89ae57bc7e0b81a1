using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal;
using Aspire.Hosting.Internal.Commands;

namespace Aspire.Hosting;

/// <summary>Puts workloads into the mesh and references logical services.</summary>
public static class MeshSidecarBuilderExtensions
{
    /// <summary>Version label of a workload given none, as Bookinfo's single-version services are labelled.</summary>
    public const string DefaultVersion = "v1";

    /// <summary>
    /// Puts the resource into the mesh with a sidecar beside it (resource <c>{name}-sidecar</c>, nested under
    /// it in the dashboard). The resource starts once its sidecar's process has started (its listeners are bound
    /// within milliseconds; a call before its first snapshot is answered 503, as Envoy answers before its first
    /// configuration), not once it is ready: the app's own start, the longest, runs beside the sidecar's join. Its references to other meshed
    /// resources and logical services are rewired through the sidecar's outbound listeners, so its code
    /// keeps calling <c>http://{service}</c> unchanged.
    /// </summary>
    /// <typeparam name="T">A resource with an <c>http</c> endpoint, typically a project.</typeparam>
    /// <param name="builder">The workload.</param>
    /// <param name="mesh">The mesh from <see cref="MeshBuilderExtensions.AddMesh"/>.</param>
    /// <param name="service">
    /// The logical service this workload is one version of (from <see cref="MeshBuilderExtensions.AddService"/>);
    /// when null the workload serves a service named after the resource.
    /// </param>
    /// <param name="version">The version label; only with <paramref name="service"/>. Defaults to <c>v1</c>.</param>
    /// <param name="serviceAccount">The service account of the workload's identity; defaults to the service name.</param>
    /// <returns>The workload's builder.</returns>
    /// <exception cref="InvalidOperationException">The resource already has a sidecar.</exception>
    /// <exception cref="ArgumentException">A version without a logical service, or a service of another mesh.</exception>
    public static IResourceBuilder<T> WithSidecar<T>(
        this IResourceBuilder<T> builder,
        IResourceBuilder<MeshResource> mesh,
        IResourceBuilder<MeshServiceResource>? service = null,
        string? version = null,
        string? serviceAccount = null)
        where T : IResourceWithEndpoints, IResourceWithEnvironment, IResourceWithWaitSupport
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(mesh);
        var workload = builder.Resource;

        if (workload.TryGetLastAnnotation<MeshWorkloadAnnotation>(out _))
        {
            throw new InvalidOperationException(
                $"Resource '{workload.Name}' already has a sidecar; call WithSidecar once per resource.");
        }

        if (version is not null && service is null)
        {
            throw new ArgumentException(
                $"Version '{version}' was given for '{workload.Name}' without a logical service. Versions belong to a service with several workloads: pass it, e.g. WithSidecar(mesh, mesh.AddService(\"name\"), version: \"{version}\").",
                nameof(version));
        }

        if (service is not null && !ReferenceEquals(service.Resource.Mesh, mesh.Resource))
        {
            throw new ArgumentException(
                $"Service '{service.Resource.Name}' belongs to mesh '{service.Resource.Mesh.Name}', not '{mesh.Resource.Name}'.",
                nameof(service));
        }

        var serviceName = service?.Resource.Name ?? workload.Name;
        if (service is null && mesh.Resource.Services.ContainsKey(serviceName))
        {
            throw new InvalidOperationException(
                $"Resource '{workload.Name}' has the name of logical service '{serviceName}'; give the resource another name, or make it a version of the service with WithSidecar(mesh, service, version: ...).");
        }

        ValidateLabel(version, nameof(version));
        ValidateLabel(serviceAccount, nameof(serviceAccount));
        version ??= DefaultVersion;
        serviceAccount ??= serviceName;
        service?.Resource.AddWorkload(workload, version);

        var sidecar = mesh.Resource.IsEnabled ? AddSidecar(builder, mesh) : null;
        var identity = new MeshWorkloadAnnotation(mesh.Resource, serviceName, service?.Resource, version, serviceAccount, sidecar?.Resource)
        {
            // Only a running mesh has a control plane to present it to.
            Token = sidecar is null ? null : BootstrapToken.Create(),
        };
        builder.WithAnnotation(identity);
        mesh.Resource.AddWorkload(workload.Name, identity);
        if (sidecar is not null && service is null)
        {
            // A version's faults belong to its logical service's host, where its commands are.
            builder.WithFaultCommands(new RouteTarget(mesh.Resource, serviceName, static () => []));
        }

        // Istio starts app and proxy together by default (holdApplicationUntilProxyStarts: false); waiting for the process
        // keeps the app from calling before the outbound listeners exist, without putting the sidecar's join (its
        // certificate, its first snapshot, Aspire's health polls) in front of the app's start.
        return sidecar is null ? builder : builder.WaitForStart(sidecar);
    }

    /// <summary>
    /// References a logical mesh service: the resource gets the service-discovery variables for
    /// <c>http://{service}</c>. Through the mesh they point at the caller's sidecar, which balances across every
    /// version; with the mesh off they list every version's endpoint directly.
    /// </summary>
    /// <typeparam name="T">The calling resource.</typeparam>
    /// <param name="builder">The caller.</param>
    /// <param name="service">The logical service.</param>
    /// <returns>The caller's builder.</returns>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<MeshServiceResource> service)
        where T : IResourceWithEnvironment
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(service);

        var caller = builder.Resource;
        var logical = service.Resource;
        return builder
            .WithAnnotation(new MeshServiceReferenceAnnotation(logical))
            .WithEnvironment(context => ServiceDiscoveryVariables.WriteLogicalService(context, caller, logical));
    }

    private static IResourceBuilder<MeshSidecarResource> AddSidecar<T>(IResourceBuilder<T> builder, IResourceBuilder<MeshResource> mesh)
        where T : IResourceWithEndpoints, IResourceWithEnvironment, IResourceWithWaitSupport
    {
        var workload = builder.Resource;
        var program = MeshBinaries.Sidecar();
        var sidecar = new MeshSidecarResource($"{workload.Name}-sidecar", program.Command, program.Directory, workload);
        if (workload is ProjectResource project)
        {
            // A project binds every http endpoint Aspire gives it (ASPNETCORE_URLS), so it can take one for its
            // sidecar alone, with no DCP proxy in between; other resources keep their 'http' endpoint.
            builder.WithHttpEndpoint(name: SidecarEnvironment.SidecarTargetEndpointName, isProxied: false)
                .WithUrlForEndpoint(SidecarEnvironment.SidecarTargetEndpointName, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly);
            // Inbound capture: the published 'http' endpoint is the sidecar's to bind, not the app's (InboundCapture).
            builder.ApplicationBuilder.CreateResourceBuilder(project).WithEndpointsInEnvironment(InboundCapture.AppBinds);
            BuildOutputLaunch.Apply(builder.ApplicationBuilder, project);
        }

        return builder.ApplicationBuilder.AddResource(sidecar)
            .WithMeshProgram(program)
            // Proxyless endpoints: the sidecar binds the allocated ports itself, with no DCP proxy hop in the data path.
            .WithHttpEndpoint(name: MeshSidecarResource.InboundEndpointName, isProxied: false)
            .WithHttpEndpoint(name: MeshSidecarResource.AdminEndpointName, isProxied: false)
            // Named, as Envoy's ports are known by name: peers reach 'inbound'; 'admin' opens the index of the admin routes.
            .WithUrlForEndpoint(MeshSidecarResource.InboundEndpointName, url => url.DisplayText = "inbound (peers, mTLS)")
            .WithUrlForEndpoint(MeshSidecarResource.AdminEndpointName, url => url.DisplayText = "admin")
            .WithHttpHealthCheck("/readyz", endpointName: MeshSidecarResource.AdminEndpointName)
            .WithParentRelationship(workload)
            .WithAdminViewCommands()
            .WithOtlpExporter()
            .WithEnvironment(context => SidecarEnvironment.Write(context, sidecar, mesh.Resource))
            // The control plane's process, not its health: the sidecar's environment waits for the mesh root the
            // control plane writes before it listens (RootPin), and the sidecar retries until the control plane answers.
            .WaitForStart(mesh)
            .ExcludeFromManifest();
    }

    private static void ValidateLabel(string? value, string parameterName)
    {
        if (value is null)
        {
            return;
        }

        // Kubernetes label values: what Istio's subsets and principals are made of.
        var valid = value.Length is > 0 and <= 63
            && char.IsAsciiLetterOrDigit(value[0])
            && char.IsAsciiLetterOrDigit(value[^1])
            && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        if (!valid)
        {
            throw new ArgumentException(
                $"'{value}' is not a valid {parameterName}: use 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.",
                parameterName);
        }
    }
}

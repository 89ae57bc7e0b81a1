using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal;
using Aspire.Hosting.Internal.Commands;
using Aspire.Hosting.Internal.Restarts;
using Aspire.Hosting.Lifecycle;
using Aspire.Hosting.Publishing;
using Mesh.Model.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;

namespace Aspire.Hosting;

/// <summary>Adds the mesh's control plane and logical services to an AppHost.</summary>
public static class MeshBuilderExtensions
{
    /// <summary>
    /// Configuration key that switches the mesh on or off (default <c>true</c>). With <c>false</c> the same
    /// AppHost starts the same apps calling each other directly:
    /// <c>dotnet run --project MeshHost.AppHost -- --Mesh:Enabled=false</c> or <c>Mesh__Enabled=false</c>.
    /// </summary>
    public const string EnabledConfigurationKey = "Mesh:Enabled";

    /// <summary>
    /// Adds the mesh's control plane: the registry sidecars join and the source of their configuration.
    /// Give projects sidecars with <see cref="MeshSidecarBuilderExtensions.WithSidecar"/>.
    /// </summary>
    /// <param name="builder">The AppHost builder.</param>
    /// <param name="name">Resource name of the control plane, e.g. <c>mesh</c>.</param>
    /// <returns>A builder for the control plane resource.</returns>
    /// <remarks>
    /// In publish mode, and when <see cref="EnabledConfigurationKey"/> is <c>false</c>, the control plane and
    /// every sidecar are left out of the application model, so the manifest holds only the apps and azd
    /// can deploy it. Publishing (with the mesh on) also writes <c>kubernetes/</c> beside the manifest: the workloads
    /// and the mesh configuration in force for a cluster with Istio (see the package README).
    /// </remarks>
    public static IResourceBuilder<MeshResource> AddMesh(this IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var enabled = builder.ExecutionContext.IsRunMode && IsEnabled(builder.Configuration);
        if (!enabled)
        {
            var off = new MeshResource(name, "dotnet", builder.AppHostDirectory, enabled: false);
            if (builder.ExecutionContext.IsPublishMode && IsEnabled(builder.Configuration))
            {
                KubernetesPublisher.AddTo(builder, off, MeshStateDirectory.For(builder, name));
            }

            return builder.CreateResourceBuilder(off);
        }

        var program = MeshBinaries.ControlPlane();
        var adminToken = BootstrapToken.Create();
        var admin = builder.AddParameter(name + "-admin-token", () => adminToken, secret: true)
            .WithDescription($"The credential of mesh '{name}''s admin API for this run: send it as 'Authorization: Bearer <value>' to change the mesh (MeshClient and the dashboard's commands send it themselves).");
        var mesh = new MeshResource(name, program.Command, program.Directory, enabled: true)
        {
            StateDirectory = MeshStateDirectory.For(builder, name),
            CertificateLifetime = CertificateLifetimeFor(builder.Configuration),
            AdminToken = admin.Resource,
            AdminTokenValue = adminToken,
            RestartsDeadProcesses = BooleanSetting.Read(builder.Configuration, RestartsConfigurationKey, unset: true),
            AccessLog = BooleanSetting.Read(builder.Configuration, AccessLogConfigurationKey, unset: false),
        };
        builder.Services.TryAddEventingSubscriber<MeshWiring>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DashboardStatusPublisher>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RestartWatcher>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, HealthCheckRedirect>());

        return builder.AddResource(mesh)
            .WithMeshProgram(program)
            // Proxyless: sidecars talk to the control plane directly, and the port is the one it binds.
            .WithHttpEndpoint(name: MeshResource.HttpEndpointName, isProxied: false)
            .WithEnvironment(context => ControlPlaneEnvironment.Write(context, mesh))
            .WithOtlpExporter()
            .WithHttpHealthCheck("/healthz", endpointName: MeshResource.HttpEndpointName)
            .WithUrlForEndpoint(MeshResource.HttpEndpointName, url => url.DisplayText = "admin API")
            .WithUrls(context =>
            {
                var endpoint = context.GetEndpoint(MeshResource.HttpEndpointName);
                if (endpoint is { IsAllocated: true })
                {
                    context.Urls.Add(new ResourceUrlAnnotation { Url = endpoint.Url + "/v1/registry", DisplayText = "registry" });
                    context.Urls.Add(new ResourceUrlAnnotation { Url = endpoint.Url + MeshViewRoutes.Page, DisplayText = "Mesh view" });
                }
            })
            .WithClearChangesCommand()
            .WithConfigCommands(builder.AppHostDirectory)
            .ExcludeFromManifest();
    }

    /// <summary>
    /// Declares a logical service served by several workloads (versions), such as Bookinfo's
    /// <c>reviews</c>. Pass it to each version's <c>WithSidecar(mesh, service, version: ...)</c> and to
    /// callers' <c>WithReference(service)</c>; callers then call <c>http://{name}</c>.
    /// </summary>
    /// <param name="mesh">The mesh.</param>
    /// <param name="name">The service name callers use.</param>
    /// <returns>A builder for the logical service.</returns>
    /// <exception cref="DistributedApplicationException">The mesh already has a service with this name.</exception>
    public static IResourceBuilder<MeshServiceResource> AddService(this IResourceBuilder<MeshResource> mesh, string name)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var service = new MeshServiceResource(name, mesh.Resource);
        foreach (var resource in mesh.ApplicationBuilder.Resources)
        {
            if (resource.TryGetLastAnnotation<MeshWorkloadAnnotation>(out var workload)
                && workload.LogicalService is null
                && string.Equals(workload.Service, name, StringComparison.OrdinalIgnoreCase))
            {
                throw new DistributedApplicationException(
                    $"Cannot add logical service '{name}': workload '{resource.Name}' already serves a service of that name.");
            }
        }

        mesh.Resource.AddLogicalService(service);
        if (!mesh.Resource.IsEnabled)
        {
            return mesh.ApplicationBuilder.CreateResourceBuilder(service);
        }

        // In the dashboard while the mesh runs, for its traffic and fault commands; its state follows the mesh's.
        mesh.ApplicationBuilder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LogicalServiceStates>());
        return mesh.ApplicationBuilder.AddResource(service)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "MeshService",
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            .WithTrafficCommands()
            .WithFaultCommands(TrafficCommands.For(service))
            .ExcludeFromManifest();
    }

    /// <summary>
    /// Configuration key of the folder where the control plane keeps state across restarts
    /// (default <c>.mesh/{name}</c> under the AppHost's directory; for a run under a test host, a new folder per run
    /// unless <see cref="SavedStateConfigurationKey"/> is <c>true</c>).
    /// </summary>
    public const string StateDirectoryConfigurationKey = "Mesh:StateDirectory";

    /// <summary>
    /// Configuration key that makes a run under a test host (<c>DistributedApplicationTestingBuilder</c>) use the
    /// AppHost's saved state folder, run-time changes included, as <c>dotnet run</c> does. Default <c>false</c>: a
    /// test starts from the configuration the AppHost declares, and its run-time changes end with its run.
    /// </summary>
    public const string SavedStateConfigurationKey = "Mesh:UseSavedState";

    /// <summary>
    /// Configuration key of the workload certificates' lifetime, as <c>[d.]hh:mm:ss</c> from <c>00:01:00</c> to
    /// <c>365.00:00:00</c>: <c>--Mesh:CertificateLifetime=00:01:00</c> makes sidecars renew every ~30 seconds, for
    /// tests that watch rotation. Unset leaves the control plane's default, 24 hours.
    /// <see cref="MeshConfigurationBuilderExtensions.WithCertificateLifetime"/> wins over it.
    /// </summary>
    public const string CertificateLifetimeConfigurationKey = "Mesh:CertificateLifetime";

    /// <summary>
    /// Configuration key that switches whether the mesh starts its dead processes again (default <c>true</c>; see
    /// <see cref="MeshConfigurationBuilderExtensions.WithRestarts"/>, which wins over it): <c>--Mesh:Restarts=false</c>
    /// or <c>Mesh__Restarts=false</c> leaves a killed or crashed process dead, as Aspire does by default.
    /// </summary>
    public const string RestartsConfigurationKey = "Mesh:Restarts";

    /// <summary>
    /// Configuration key that turns on an access log line per request in every sidecar and the gateway, in Envoy's
    /// default format with its fields as structured properties (default <c>false</c>: a line per request costs CPU on
    /// every hop): <c>--Mesh:AccessLog=true</c> or <c>Mesh__AccessLog=true</c>.
    /// </summary>
    public const string AccessLogConfigurationKey = "Mesh:AccessLog";

    /// <summary>
    /// Configuration key that switches how a meshed project is started while the mesh runs (default <c>true</c>): from the
    /// program its AppHost's build produced, as <c>dotnet run</c> would start it once it has found it, instead of through
    /// <c>dotnet run --no-build</c>, whose project evaluation costs seconds per project at every start.
    /// <c>--Mesh:LaunchFromBuildOutput=false</c> or <c>Mesh__LaunchFromBuildOutput=false</c> leaves Aspire's way. An IDE's
    /// debug session, <c>dotnet watch</c>, or a project without its program in the AppHost's build keep Aspire's way too.
    /// </summary>
    public const string LaunchFromBuildOutputConfigurationKey = "Mesh:LaunchFromBuildOutput";

    private static TimeSpan? CertificateLifetimeFor(ConfigurationManager configuration)
    {
        var value = configuration[CertificateLifetimeConfigurationKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var lifetime) && MeshResource.IsValidCertificateLifetime(lifetime)
            ? lifetime
            : throw new DistributedApplicationException(string.Format(
                CultureInfo.InvariantCulture,
                "Configuration key '{0}' has the value '{1}'; expected a time span [d.]hh:mm:ss from {2:c} to {3:c}, e.g. '00:01:00'.",
                CertificateLifetimeConfigurationKey,
                value,
                MeshResource.MinimumCertificateLifetime,
                MeshResource.MaximumCertificateLifetime));
    }

    private static bool IsEnabled(ConfigurationManager configuration) =>
        BooleanSetting.Read(configuration, EnabledConfigurationKey, unset: true);
}

using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal;
using Aspire.Hosting.Internal.Commands;

namespace Aspire.Hosting;

/// <summary>Adds the mesh's ingress gateway to an AppHost.</summary>
public static class MeshGatewayBuilderExtensions
{
    /// <summary>
    /// Adds an ingress gateway: an external HTTP endpoint whose traffic is routed into the mesh by Istio
    /// <c>Gateway</c> resources selecting <c>istio: ingressgateway</c> (the label the gateway carries, as Istio's
    /// ingress does) with <c>VirtualService</c>s bound to them, or by Gateway API <c>HTTPRoute</c>s whose parent is a
    /// <c>Gateway</c>. Istio's <c>bookinfo-gateway.yaml</c> works unchanged. A request no route accepts gets 404.
    /// </summary>
    /// <param name="mesh">The mesh.</param>
    /// <param name="name">Resource name, e.g. <c>gateway</c>.</param>
    /// <param name="port">A fixed external port, or null for one Aspire allocates.</param>
    /// <returns>A builder for the gateway.</returns>
    /// <remarks>
    /// The gateway's identity is Istio's: service <c>istio-ingressgateway</c> in namespace <c>istio-system</c> with
    /// service account <c>istio-ingressgateway-service-account</c>. With the mesh off (or in publish mode) there is no
    /// gateway: the builder returned is not part of the application model.
    /// </remarks>
    public static IResourceBuilder<MeshGatewayResource> AddGateway(this IResourceBuilder<MeshResource> mesh, [ResourceName] string name, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var program = MeshBinaries.Sidecar();
        var gateway = new MeshGatewayResource(name, program.Command, program.Directory, mesh.Resource);
        // Declared like a sidecar's workload, so the control plane has its identity and token before it joins, and
        // publishing validates Gateway-bound configuration against it.
        mesh.Resource.AddWorkload(name, gateway.Identity);
        if (!mesh.Resource.IsEnabled)
        {
            return mesh.ApplicationBuilder.CreateResourceBuilder(gateway);
        }

        return mesh.ApplicationBuilder.AddResource(gateway)
            .WithMeshProgram(program)
            // Proxyless, as the sidecars: the gateway binds its ports itself, no DCP proxy in the data path.
            .WithHttpEndpoint(port: port, name: MeshGatewayResource.HttpEndpointName, isProxied: false)
            .WithHttpEndpoint(name: MeshSidecarResource.AdminEndpointName, isProxied: false)
            .WithExternalHttpEndpoints()
            .WithUrlForEndpoint(MeshGatewayResource.HttpEndpointName, url => url.DisplayText = "ingress")
            .WithUrlForEndpoint(MeshSidecarResource.AdminEndpointName, url => url.DisplayText = "admin")
            .WithHttpHealthCheck("/readyz", endpointName: MeshSidecarResource.AdminEndpointName)
            .WithAdminViewCommands()
            .WithOtlpExporter()
            .WithEnvironment(context => SidecarEnvironment.WriteGateway(context, gateway))
            // As a sidecar: the control plane's process, not its health (MeshSidecarBuilderExtensions.AddSidecar).
            .WaitForStart(mesh)
            .ExcludeFromManifest();
    }
}

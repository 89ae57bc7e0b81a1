using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal;

/// <summary>
/// Writes a sidecar's start-up settings (the <c>Mesh</c> configuration section of Mesh.Sidecar) as
/// environment variables. Values are endpoint references, resolved once DCP has allocated ports.
/// </summary>
internal static class SidecarEnvironment
{
    internal const string AppEndpointName = "http";

    /// <summary>
    /// The proxyless endpoint a meshed project also listens on, for its sidecar alone. Its <c>http</c> endpoint
    /// keeps Aspire's DCP proxy for browsers and tests; the sidecar must not depend on that proxy, which stalls
    /// for seconds while DCP restarts another resource (measured: every app answered its sidecar 3 s late while
    /// the control plane restarted). Istio's sidecar likewise reaches its app on localhost directly.
    /// </summary>
    internal const string SidecarTargetEndpointName = "mesh-app";

    /// <summary>The workload's endpoint its sidecar forwards inbound traffic to, if it has one.</summary>
    internal static EndpointAnnotation? AppEndpoint(IResource workload) => Endpoint(workload, AppEndpointName);

    /// <summary>Where the sidecar forwards inbound traffic: the direct endpoint when there is one, else <c>http</c>.</summary>
    internal static EndpointReference SidecarTarget(IResourceWithEndpoints workload) =>
        new(workload, Endpoint(workload, SidecarTargetEndpointName) is not null ? SidecarTargetEndpointName : AppEndpointName);

    private static EndpointAnnotation? Endpoint(IResource resource, string name) =>
        resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == name);

    internal static void Write(EnvironmentCallbackContext context, MeshSidecarResource sidecar, MeshResource mesh)
    {
        var workload = sidecar.Workload;
        var identity = workload.Annotations.OfType<MeshWorkloadAnnotation>().Last();
        var env = context.EnvironmentVariables;

        env["Mesh__ControlPlane"] = mesh.HttpEndpoint;
        env["Mesh__Workload"] = workload.Name;
        env["Mesh__Service"] = identity.Service;
        env["Mesh__Version"] = identity.Version;
        env["Mesh__ServiceAccount"] = identity.ServiceAccount;
        env["Mesh__Namespace"] = identity.Namespace;
        WriteToken(env, identity);
        env["Mesh__App"] = SidecarTarget(workload);
        env["Mesh__Listeners__Inbound"] = Port(sidecar, MeshSidecarResource.InboundEndpointName);
        if (mesh.FaultHeadersAllowed)
        {
            env["Mesh__FaultHeaders"] = "true";
        }

        env["Mesh__Listeners__Admin"] = Port(sidecar, MeshSidecarResource.AdminEndpointName);

        for (var i = 0; i < sidecar.Upstreams.Count; i++)
        {
            var upstream = sidecar.Upstreams[i];
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Mesh__Outbound__{i}__");
            env[prefix + "Name"] = upstream.Name;
            env[prefix + "Service"] = upstream.Service;
            if (upstream.PinnedWorkload is not null)
            {
                env[prefix + "Workload"] = upstream.PinnedWorkload;
            }

            env[prefix + "Port"] = upstream.Listener.Property(EndpointProperty.Port);
        }
    }

    /// <summary>The ingress gateway's settings: Istio's ingress identity and label, and its listeners.</summary>
    internal static void WriteGateway(EnvironmentCallbackContext context, MeshGatewayResource gateway)
    {
        var env = context.EnvironmentVariables;
        var identity = gateway.Identity;
        env["Mesh__Mode"] = "Gateway";
        env["Mesh__ControlPlane"] = gateway.Mesh.HttpEndpoint;
        env["Mesh__Workload"] = gateway.Name;
        env["Mesh__Service"] = identity.Service;
        env["Mesh__ServiceAccount"] = identity.ServiceAccount;
        env["Mesh__Namespace"] = identity.Namespace;
        WriteToken(env, identity);
        env["Mesh__Labels__istio"] = "ingressgateway";
        env["Mesh__Listeners__Inbound"] = new EndpointReference(gateway, MeshGatewayResource.HttpEndpointName).Property(EndpointProperty.Port);
        env["Mesh__Listeners__Admin"] = new EndpointReference(gateway, MeshSidecarResource.AdminEndpointName).Property(EndpointProperty.Port);
    }

    /// <summary>
    /// The workload's bootstrap token, which the control plane was given for the same workload: the sidecar presents
    /// it for its certificate. A plain value (so Aspire shows it among the environment variables, as it shows every
    /// local secret); never logged or published, since the mesh is not in the model when the AppHost publishes.
    /// </summary>
    private static void WriteToken(Dictionary<string, object> env, MeshWorkloadAnnotation identity)
    {
        if (identity.Token is { } token)
        {
            env["Mesh__Token"] = token;
        }
    }

    private static EndpointReferenceExpression Port(MeshSidecarResource sidecar, string endpointName) =>
        new EndpointReference(sidecar, endpointName).Property(EndpointProperty.Port);
}

using Aspire.Hosting.ApplicationModel;
using Mesh.Model.Conventions;

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

    /// <summary>
    /// Whether the app speaks clear-text HTTP/2 (Aspire's <c>AsHttp2Service()</c> marks its endpoints' transport
    /// <c>http2</c>; a gRPC service configures Kestrel for HTTP/2 only), so its sidecar must call it with prior knowledge.
    /// </summary>
    internal static bool SpeaksHttp2(IResource workload) =>
        string.Equals(AppEndpoint(workload)?.Transport, "http2", StringComparison.OrdinalIgnoreCase);

    private static EndpointAnnotation? Endpoint(IResource resource, string name) =>
        resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == name);

    internal static void Write(EnvironmentCallbackContext context, MeshSidecarResource sidecar, MeshResource mesh)
    {
        var workload = sidecar.Workload;
        var identity = workload.Annotations.OfType<MeshWorkloadAnnotation>().Last();
        var env = context.EnvironmentVariables;

        env[MeshSettings.Sidecar.ControlPlane] = mesh.HttpEndpoint;
        env[MeshSettings.Sidecar.Workload] = workload.Name;
        env[MeshSettings.Sidecar.Service] = identity.Service;
        env[MeshSettings.Sidecar.Version] = identity.Version;
        env[MeshSettings.Sidecar.ServiceAccount] = identity.ServiceAccount;
        env[MeshSettings.Sidecar.Namespace] = identity.Namespace;
        WriteToken(env, workload.Name, identity);
        env[MeshSettings.Sidecar.RootPin] = new RootPin(mesh);
        env[MeshSettings.Sidecar.App] = SidecarTarget(workload);
        if (SpeaksHttp2(workload))
        {
            env[MeshSettings.Sidecar.AppProtocol] = "http2";
        }

        env[MeshSettings.Sidecar.InboundPort] = Port(sidecar, MeshSidecarResource.InboundEndpointName);
        if (InboundCapture.Applies(workload))
        {
            env[MeshSettings.Sidecar.CapturedPort] = InboundCapture.CapturedPort(workload);
        }

        if (mesh.FaultHeadersAllowed)
        {
            env[MeshSettings.Sidecar.FaultHeaders] = "true";
        }

        WriteAccessLog(env, mesh);

        env[MeshSettings.Sidecar.AdminPort] = Port(sidecar, MeshSidecarResource.AdminEndpointName);

        for (var i = 0; i < sidecar.Upstreams.Count; i++)
        {
            var upstream = sidecar.Upstreams[i];
            env[MeshSettings.Sidecar.OutboundName(i)] = upstream.Name;
            env[MeshSettings.Sidecar.OutboundService(i)] = upstream.Service;
            if (upstream.PinnedWorkload is not null)
            {
                env[MeshSettings.Sidecar.OutboundWorkload(i)] = upstream.PinnedWorkload;
            }

            env[MeshSettings.Sidecar.OutboundPort(i)] = upstream.Listener.Property(EndpointProperty.Port);
        }
    }

    private static void WriteAccessLog(Dictionary<string, object> env, MeshResource mesh)
    {
        if (mesh.AccessLog)
        {
            env[MeshSettings.Sidecar.AccessLog] = "true";
        }
    }

    /// <summary>The ingress gateway's settings: Istio's ingress identity and label, and its listeners.</summary>
    internal static void WriteGateway(EnvironmentCallbackContext context, MeshGatewayResource gateway)
    {
        var env = context.EnvironmentVariables;
        var identity = gateway.Identity;
        env[MeshSettings.Sidecar.Mode] = "Gateway";
        env[MeshSettings.Sidecar.ControlPlane] = gateway.Mesh.HttpEndpoint;
        env[MeshSettings.Sidecar.Workload] = gateway.Name;
        env[MeshSettings.Sidecar.Service] = identity.Service;
        env[MeshSettings.Sidecar.ServiceAccount] = identity.ServiceAccount;
        env[MeshSettings.Sidecar.Namespace] = identity.Namespace;
        WriteToken(env, gateway.Name, identity);
        env[MeshSettings.Sidecar.RootPin] = new RootPin(gateway.Mesh);
        env[MeshSettings.Sidecar.Label("istio")] = "ingressgateway";
        WriteAccessLog(env, gateway.Mesh);
        env[MeshSettings.Sidecar.InboundPort] = new EndpointReference(gateway, MeshGatewayResource.HttpEndpointName).Property(EndpointProperty.Port);
        env[MeshSettings.Sidecar.AdminPort] = new EndpointReference(gateway, MeshSidecarResource.AdminEndpointName).Property(EndpointProperty.Port);
    }

    /// <summary>
    /// The workload's bootstrap token, which the control plane was given for the same workload: the sidecar presents
    /// it on every call. An Aspire secret value, so the dashboard masks it; never logged or published, since the mesh
    /// is not in the model when the AppHost publishes.
    /// </summary>
    private static void WriteToken(Dictionary<string, object> env, string workload, MeshWorkloadAnnotation identity)
    {
        if (identity.Token is { } token)
        {
            env[MeshSettings.Sidecar.Token] = SecretValue.Of(BootstrapToken.ParameterName(workload), token);
        }
    }

    private static EndpointReferenceExpression Port(MeshSidecarResource sidecar, string endpointName) =>
        new EndpointReference(sidecar, endpointName).Property(EndpointProperty.Port);
}

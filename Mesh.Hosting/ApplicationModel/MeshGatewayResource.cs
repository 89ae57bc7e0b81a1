using Aspire.Hosting.Internal;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The mesh's ingress gateway (Istio's <c>istio-ingressgateway</c>): a proxy with an external HTTP endpoint that
/// routes outside callers into the mesh by Istio <c>Gateway</c> + <c>VirtualService</c> resources, or by Gateway
/// API <c>HTTPRoute</c>s whose parent is a <c>Gateway</c>. It is a mesh member with its own identity.
/// </summary>
public sealed class MeshGatewayResource : ExecutableResource, IResourceWithWaitSupport
{
    /// <summary>The external endpoint callers use.</summary>
    public const string HttpEndpointName = "http";

    /// <summary>Service the gateway registers as, as Istio's ingress deployment.</summary>
    public const string ServiceName = "istio-ingressgateway";

    /// <summary>Namespace of the gateway's identity, as Istio's ingress deployment.</summary>
    public const string Namespace = "istio-system";

    /// <summary>Service account of the gateway's identity, as Istio's ingress deployment.</summary>
    public const string ServiceAccount = "istio-ingressgateway-service-account";

    internal MeshGatewayResource(string name, string command, string workingDirectory, MeshResource mesh)
        : base(name, command, workingDirectory)
    {
        Mesh = mesh;
        Identity = new MeshWorkloadAnnotation(mesh, ServiceName, LogicalService: null, MeshSidecarBuilderExtensions.DefaultVersion, ServiceAccount, Sidecar: null)
        {
            Namespace = MeshGatewayResource.Namespace,
            Token = mesh.IsEnabled ? BootstrapToken.Create() : null,
        };
    }

    /// <summary>The mesh the gateway belongs to.</summary>
    public MeshResource Mesh { get; }

    /// <summary>
    /// Its identity as the control plane knows it (declared among the mesh's workloads, with its own token). Kept here
    /// rather than as an annotation: a <see cref="MeshWorkloadAnnotation"/> on a resource makes it a sidecar's
    /// workload to the rest of Mesh.Hosting (reference rewiring, service names), which the gateway is not.
    /// </summary>
    internal MeshWorkloadAnnotation Identity { get; }

    /// <summary>The external endpoint.</summary>
    public EndpointReference HttpEndpoint => new(this, HttpEndpointName);
}

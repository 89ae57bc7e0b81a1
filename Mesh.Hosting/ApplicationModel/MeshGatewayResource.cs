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
    }

    /// <summary>The mesh the gateway belongs to.</summary>
    public MeshResource Mesh { get; }

    /// <summary>The external endpoint.</summary>
    public EndpointReference HttpEndpoint => new(this, HttpEndpointName);
}

namespace Mesh.Model.Resources;

/// <summary>The API groups, versions and kinds the mesh reads (Mesh.Model/README.md, "Kinds").</summary>
internal static class ResourceKinds
{
    /// <summary>Istio's traffic-management group.</summary>
    public const string NetworkingGroup = "networking.istio.io";

    /// <summary>Istio's security group.</summary>
    public const string SecurityGroup = "security.istio.io";

    /// <summary>The Kubernetes Gateway API group.</summary>
    public const string GatewayApiGroup = "gateway.networking.k8s.io";

    /// <summary>The mesh's own group, for what Istio leaves to <c>EnvoyFilter</c>.</summary>
    public const string MeshGroup = "mesh.dev";

    /// <summary>Default <c>apiVersion</c> of Istio networking kinds.</summary>
    public const string NetworkingV1 = NetworkingGroup + "/v1";

    /// <summary>Default <c>apiVersion</c> of Istio security kinds.</summary>
    public const string SecurityV1 = SecurityGroup + "/v1";

    /// <summary>Default <c>apiVersion</c> of Gateway API kinds.</summary>
    public const string GatewayApiV1 = GatewayApiGroup + "/v1";

    /// <summary><c>apiVersion</c> of the mesh's own kinds.</summary>
    public const string MeshV1Alpha1 = MeshGroup + "/v1alpha1";

    /// <summary>Istio <c>VirtualService</c>.</summary>
    public const string VirtualService = "VirtualService";

    /// <summary>Istio <c>DestinationRule</c>.</summary>
    public const string DestinationRule = "DestinationRule";

    /// <summary>Istio <c>Gateway</c>, and the Gateway API's <c>Gateway</c> (told apart by group).</summary>
    public const string Gateway = "Gateway";

    /// <summary>Istio <c>AuthorizationPolicy</c>.</summary>
    public const string AuthorizationPolicy = "AuthorizationPolicy";

    /// <summary>Istio <c>PeerAuthentication</c>.</summary>
    public const string PeerAuthentication = "PeerAuthentication";

    /// <summary>Gateway API <c>HTTPRoute</c>.</summary>
    public const string HttpRoute = "HTTPRoute";

    /// <summary>The mesh's <c>LocalRateLimit</c>.</summary>
    public const string LocalRateLimit = "LocalRateLimit";

    /// <summary>Istio's root namespace: policies there apply mesh-wide.</summary>
    public const string RootNamespace = "istio-system";

    /// <summary>Every (kind, group) the mesh reads, with the versions accepted for it.</summary>
    public static IReadOnlyList<KindVersions> Known { get; } =
    [
        new(VirtualService, NetworkingGroup, ["v1", "v1beta1", "v1alpha3"]),
        new(DestinationRule, NetworkingGroup, ["v1", "v1beta1", "v1alpha3"]),
        new(Gateway, NetworkingGroup, ["v1", "v1beta1", "v1alpha3"]),
        new(AuthorizationPolicy, SecurityGroup, ["v1", "v1beta1"]),
        new(PeerAuthentication, SecurityGroup, ["v1", "v1beta1"]),
        new(HttpRoute, GatewayApiGroup, ["v1"]),
        new(Gateway, GatewayApiGroup, ["v1"]),
        new(LocalRateLimit, MeshGroup, ["v1alpha1"]),
    ];

    /// <summary>The group part of an <c>apiVersion</c> (empty for the core group, e.g. <c>v1</c>).</summary>
    public static string GroupOf(string apiVersion)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        var slash = apiVersion.LastIndexOf('/');
        return slash < 0 ? "" : apiVersion[..slash];
    }

    /// <summary>The version part of an <c>apiVersion</c>.</summary>
    public static string VersionOf(string apiVersion)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        var slash = apiVersion.LastIndexOf('/');
        return slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
    }
}

/// <summary>A kind in one group and the versions of it the mesh reads.</summary>
/// <param name="Kind">Kind name.</param>
/// <param name="Group">API group.</param>
/// <param name="Versions">Accepted versions, newest first.</param>
internal sealed record KindVersions(string Kind, string Group, IReadOnlyList<string> Versions);

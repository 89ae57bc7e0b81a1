using System.Text.Json.Serialization;

namespace Mesh.Model.Snapshots;

/// <summary>Whether a proxy is a workload's sidecar or the ingress gateway.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProxyMode>))]
public enum ProxyMode
{
    /// <summary>A sidecar beside one workload: mesh routes outbound, policies inbound.</summary>
    Sidecar,

    /// <summary>The ingress gateway: routes from Gateway-bound VirtualServices and Gateway-parent HTTPRoutes.</summary>
    Gateway,
}

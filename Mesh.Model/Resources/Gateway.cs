namespace Mesh.Model.Resources;

/// <summary>Istio <c>Gateway</c>: the servers an ingress gateway workload exposes.</summary>
public sealed record Gateway() : ConfigResource(ResourceKinds.NetworkingV1)
{
    /// <inheritdoc />
    public override string Kind => ResourceKinds.Gateway;

    /// <summary><c>spec</c>.</summary>
    public GatewaySpec Spec { get; init; } = new();
}

/// <summary>An Istio <c>Gateway</c>'s <c>spec</c>.</summary>
public sealed record GatewaySpec
{
    /// <summary><c>selector</c>: labels of the gateway workloads (any namespace); empty selects every gateway.</summary>
    public IReadOnlyDictionary<string, string> Selector { get; init; } = Empty.Map;

    /// <summary><c>servers</c>.</summary>
    public IReadOnlyList<GatewayServer> Servers { get; init; } = [];
}

/// <summary>Istio's <c>Server</c>.</summary>
public sealed record GatewayServer
{
    /// <summary><c>port</c>.</summary>
    public GatewayPort Port { get; init; } = new();

    /// <summary><c>hosts</c>: host names served, <c>*</c> or <c>*.example.com</c> wildcards, optionally <c>namespace/</c>-prefixed.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary><c>name</c>.</summary>
    public string? Name { get; init; }
}

/// <summary>Istio's <c>Port</c> of a server.</summary>
public sealed record GatewayPort
{
    /// <summary><c>number</c>: names the gateway's one HTTP endpoint, whatever its value.</summary>
    public int Number { get; init; }

    /// <summary><c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary><c>protocol</c>: the mesh serves <c>HTTP</c>.</summary>
    public string Protocol { get; init; } = "";
}

/// <summary>
/// Gateway API <c>Gateway</c> (<c>gateway.networking.k8s.io/v1</c>): the parent of ingress HTTPRoutes.
/// Read so that Istio's Gateway API Bookinfo sample works unchanged.
/// </summary>
public sealed record KubernetesGateway() : ConfigResource(ResourceKinds.GatewayApiV1)
{
    /// <inheritdoc />
    public override string Kind => ResourceKinds.Gateway;

    /// <summary><c>spec</c>.</summary>
    public KubernetesGatewaySpec Spec { get; init; } = new();
}

/// <summary>A Gateway API <c>Gateway</c>'s <c>spec</c>.</summary>
public sealed record KubernetesGatewaySpec
{
    /// <summary><c>gatewayClassName</c>.</summary>
    public string GatewayClassName { get; init; } = "";

    /// <summary><c>listeners</c>.</summary>
    public IReadOnlyList<GatewayListener> Listeners { get; init; } = [];
}

/// <summary>A Gateway API listener.</summary>
public sealed record GatewayListener
{
    /// <summary><c>name</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary><c>hostname</c>; absent serves every host.</summary>
    public string? Hostname { get; init; }

    /// <summary><c>port</c>.</summary>
    public int Port { get; init; }

    /// <summary><c>protocol</c>: the mesh serves <c>HTTP</c>.</summary>
    public string Protocol { get; init; } = "";

    /// <summary><c>allowedRoutes.namespaces.from</c>: <c>Same</c> (default) or <c>All</c>.</summary>
    public string AllowedRoutesFrom { get; init; } = "Same";
}

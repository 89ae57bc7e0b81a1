using Mesh.Model.Resources;

namespace Mesh.Model.Parsing;

/// <summary>Reads the <c>spec</c> of Istio's <c>Gateway</c> and of the Gateway API's <c>Gateway</c>.</summary>
internal static class GatewayReader
{
    public static GatewaySpec ReadIstio(YamlObject o) => new()
    {
        Selector = o.StringMap("selector"),
        Servers = o.ObjectList("servers", Server),
    };

    public static KubernetesGatewaySpec ReadKubernetes(YamlObject o)
    {
        var spec = new KubernetesGatewaySpec
        {
            GatewayClassName = o.String("gatewayClassName") ?? "",
            Listeners = o.ObjectList("listeners", Listener),
        };
        o.Unsupported("addresses", "not supported by the mesh (the gateway's address comes from the AppHost); ignored");
        o.Unsupported("infrastructure");
        o.Unsupported("backendTLS");
        o.Unsupported("allowedListeners");
        return spec;
    }

    private static GatewayServer Server(YamlObject o)
    {
        var server = new GatewayServer
        {
            Port = o.Object("port", static p =>
            {
                p.Unsupported("targetPort");
                return new GatewayPort { Number = p.Int("number") ?? 0, Name = p.String("name"), Protocol = p.String("protocol") ?? "" };
            }) ?? new GatewayPort(),
            Hosts = o.StringList("hosts"),
            Name = o.String("name"),
        };
        o.Unsupported("bind");
        o.Unsupported("tls", "not supported by the mesh (the gateway serves HTTP); ignored");
        o.Unsupported("defaultEndpoint");
        return server;
    }

    private static GatewayListener Listener(YamlObject o)
    {
        var listener = new GatewayListener
        {
            Name = o.String("name") ?? "",
            Hostname = o.String("hostname"),
            Port = o.Int("port") ?? 0,
            Protocol = o.String("protocol") ?? "",
            AllowedRoutesFrom = o.Object("allowedRoutes", static a =>
            {
                a.Unsupported("kinds");
                return a.Object("namespaces", static n =>
                {
                    n.Unsupported("selector");
                    return new From(n.String("from"));
                }) ?? new From(null);
            })?.Value ?? "Same",
        };
        o.Unsupported("tls", "not supported by the mesh (the gateway serves HTTP); ignored");
        return listener;
    }

    private sealed record From(string? Value);
}

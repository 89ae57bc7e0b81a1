using Mesh.Model.Conventions;
using Mesh.Model.Resources;
using Mesh.Model.Snapshots;

namespace Mesh.Model.Compilation;

/// <summary>
/// Compiles the gateway's routes by host: VirtualServices bound to an Istio Gateway whose selector matches
/// the gateway workload (an empty selector matches every gateway), and HTTPRoutes whose parent is a
/// Gateway API Gateway (the mesh has one ingress, so it serves every Gateway API Gateway).
/// </summary>
internal static class GatewayCompiler
{
    public static IReadOnlyList<VirtualHostConfig> Compile(CompileContext context)
    {
        var hosts = new Dictionary<string, List<RouteConfig>>(StringComparer.OrdinalIgnoreCase);
        IstioRoutes(context, hosts);
        GatewayApiRoutes(context, hosts);
        return hosts
            .OrderBy(static h => h.Key == "*" ? 2 : ServiceHosts.IsWildcard(h.Key) ? 1 : 0)
            .ThenByDescending(static h => h.Key.Length)
            .ThenBy(static h => h.Key, StringComparer.Ordinal)
            .Select(static h => new VirtualHostConfig { Host = h.Key.ToLowerInvariant(), Routes = h.Value })
            .ToList();
    }

    private static void IstioRoutes(CompileContext context, Dictionary<string, List<RouteConfig>> hosts)
    {
        var gateways = context.Of<Gateway>()
            .Where(g => Labels.Contain(context.Proxy.Labels, g.Spec.Selector))
            .ToDictionary(static g => $"{g.Metadata.Namespace}/{g.Metadata.Name}", StringComparer.Ordinal);
        foreach (var resource in context.Of<VirtualService>())
        {
            var served = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var reference in resource.Spec.Gateways)
            {
                var key = VirtualServiceCompiler.GatewayKey(reference, resource.Metadata.Namespace);
                if (!gateways.TryGetValue(key, out var gateway))
                {
                    continue;
                }

                var routes = VirtualServiceCompiler.Compile(context, resource, key);
                var serverHosts = gateway.Spec.Servers
                    .Where(static s => string.Equals(s.Port.Protocol, "HTTP", StringComparison.OrdinalIgnoreCase))
                    .SelectMany(s => s.Hosts)
                    .Select(h => ServerHost(h, resource.Metadata.Namespace, gateway.Metadata.Namespace))
                    .OfType<string>();
                foreach (var host in resource.Spec.Hosts.SelectMany(h => serverHosts.Select(s => Intersect(h, s))).OfType<string>())
                {
                    if (routes.Count > 0 && served.Add(host))
                    {
                        Add(hosts, host, routes);
                    }
                }
            }
        }
    }

    private static void GatewayApiRoutes(CompileContext context, Dictionary<string, List<RouteConfig>> hosts)
    {
        var gateways = context.Of<KubernetesGateway>().ToList();
        var byHost = new Dictionary<string, List<HttpRoute>>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in context.Of<HttpRoute>())
        {
            var routeHosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var parent in route.Spec.ParentRefs.Where(static p => !p.IsService))
            {
                var ns = parent.Namespace ?? route.Metadata.Namespace;
                var gateway = gateways.FirstOrDefault(g => g.Metadata.Name == parent.Name && g.Metadata.Namespace == ns);
                foreach (var listener in gateway?.Spec.Listeners ?? [])
                {
                    var allowed = listener.AllowedRoutesFrom == "All" || route.Metadata.Namespace == ns;
                    var http = string.Equals(listener.Protocol, "HTTP", StringComparison.OrdinalIgnoreCase);
                    if (!allowed || !http || (parent.SectionName is { } section && section != listener.Name) || (parent.Port is { } port && port != listener.Port))
                    {
                        continue;
                    }

                    IReadOnlyList<string> names = route.Spec.Hostnames.Count > 0 ? route.Spec.Hostnames : ["*"];
                    routeHosts.UnionWith(names.Select(n => Intersect(n, listener.Hostname ?? "*")).OfType<string>());
                }
            }

            foreach (var host in routeHosts)
            {
                if (!byHost.TryGetValue(host, out var list))
                {
                    byHost[host] = list = [];
                }

                list.Add(route);
            }
        }

        foreach (var (host, routes) in byHost)
        {
            Add(hosts, host, HttpRouteCompiler.Compile(context, routes));
        }
    }

    private static void Add(Dictionary<string, List<RouteConfig>> hosts, string host, IReadOnlyList<RouteConfig> routes)
    {
        if (!hosts.TryGetValue(host, out var list))
        {
            hosts[host] = list = [];
        }

        list.AddRange(routes);
    }

    /// <summary>A server host without its namespace part (<c>ns/host</c>), when the VirtualService's namespace may use it.</summary>
    private static string? ServerHost(string host, string virtualServiceNamespace, string gatewayNamespace)
    {
        var slash = host.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return host;
        }

        var ns = host[..slash];
        var allowed = ns == "*" || (ns == "." ? gatewayNamespace : ns) == virtualServiceNamespace;
        return allowed ? host[(slash + 1)..] : null;
    }

    /// <summary>The hosts both patterns accept, as one pattern (the more specific), or null if none.</summary>
    private static string? Intersect(string a, string b)
    {
        if (ServiceHosts.WildcardMatches(b, a))
        {
            return a;
        }

        return ServiceHosts.WildcardMatches(a, b) ? b : null;
    }
}

using Mesh.Model.Resources;
using Mesh.Model.Snapshots;

namespace Mesh.Model.Compilation;

/// <summary>
/// Compiles validated resources and the registry into one proxy's <see cref="ConfigSnapshot"/>. Pure and
/// deterministic: equal inputs give snapshots that serialize to equal JSON, whatever the order of
/// <c>resources</c>. Compile only what <see cref="Validation.ConfigValidator"/> accepted: the compiler skips
/// what it cannot resolve rather than reporting it.
/// </summary>
internal static class ConfigCompiler
{
    /// <summary>Compiles the snapshot of <paramref name="proxy"/>.</summary>
    /// <param name="resources">The configuration in force.</param>
    /// <param name="catalog">The services and their workloads.</param>
    /// <param name="proxy">The sidecar or gateway the snapshot is for.</param>
    public static ConfigSnapshot Compile(IReadOnlyList<ConfigResource> resources, ServiceCatalog catalog, ProxyIdentity proxy)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(proxy);

        var context = new CompileContext(resources, catalog, proxy);
        return new ConfigSnapshot
        {
            Workload = proxy.Workload,
            Namespace = proxy.Namespace,
            Mode = proxy.Mode,
            Destinations = catalog.Services.Select(s => Destination(context, s)).ToList(),
            Inbound = InboundCompiler.Compile(context),
            GatewayHosts = proxy.Mode == ProxyMode.Gateway ? GatewayCompiler.Compile(context) : [],
        };
    }

    /// <summary>
    /// The PeerAuthentication in force for <paramref name="proxy"/>'s workload, so the control plane can tell callers
    /// whether its endpoint takes mutual TLS (Istio's auto mTLS) without compiling the whole snapshot.
    /// </summary>
    public static PeerAuthenticationConfig PeerAuthentication(IReadOnlyList<ConfigResource> resources, ServiceCatalog catalog, ProxyIdentity proxy)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(proxy);
        return InboundCompiler.PeerAuthentication(new CompileContext(resources, catalog, proxy));
    }

    private static DestinationConfig Destination(CompileContext context, CatalogService service)
    {
        var policy = context.Policies.For(service);
        var (routes, source) = Routes(context, service);
        return new DestinationConfig
        {
            Service = service.Name,
            Namespace = service.Namespace,
            Host = service.Host,
            Routes = routes,
            Policy = policy.Policy,
            Subsets = policy.Subsets,
            RouteSource = source,
            PolicySource = policy.Source,
        };
    }

    /// <summary>
    /// The mesh routes of a service: its VirtualService (the first by namespace and name, if the validator's
    /// conflict error was ignored), else its HTTPRoutes (merged), else one route to the whole service.
    /// </summary>
    private static (IReadOnlyList<RouteConfig> Routes, string? Source) Routes(CompileContext context, CatalogService service)
    {
        var catalog = context.Catalog;
        var virtualService = context.Of<VirtualService>().FirstOrDefault(v =>
            v.IsMeshBound && v.Spec.Hosts.Any(h => catalog.ResolveHost(h, v.Metadata.Namespace) == service));
        if (virtualService is not null)
        {
            return (VirtualServiceCompiler.Compile(context, virtualService, null), virtualService.DisplayName);
        }

        var httpRoutes = context.Of<HttpRoute>().Where(r => r.Spec.ParentRefs.Any(p =>
            p.IsService && catalog.Find(p.Name, p.Namespace ?? r.Metadata.Namespace) == service)).ToList();
        if (httpRoutes.Count > 0)
        {
            return (HttpRouteCompiler.Compile(context, httpRoutes), string.Join(", ", httpRoutes.Select(static r => r.DisplayName)));
        }

        RouteConfig route = new()
        {
            Source = "default",
            Destinations = [new WeightedDestinationConfig { Service = service.Name, Namespace = service.Namespace, Weight = 100 }],
            Retries = RetryConfig.IstioDefault,
        };
        return ([route], null);
    }
}

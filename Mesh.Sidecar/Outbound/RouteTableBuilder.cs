using System.Diagnostics.CodeAnalysis;
using Mesh.Model.Snapshots;
using Mesh.Sidecar.Outbound.Concrete;
using Mesh.Sidecar.Outbound.Endpoints;
using Mesh.Sidecar.Outbound.Logical;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;

namespace Mesh.Sidecar.Outbound;

/// <summary>
/// Builds the route tables of one snapshot: each route's matchers, and each destination as a cluster (a
/// service, or a subset of it, with its endpoints and the live state for its policy). Clusters are shared
/// within the snapshot, so two routes to <c>reviews|v2</c> balance and break circuits together.
/// </summary>
internal sealed class RouteTableBuilder(SidecarSnapshot snapshot, string defaultNamespace, ClusterStates states, TrafficStats stats)
{
    private readonly Dictionary<(string, string), EndpointModel[]> _endpoints = [];
    private readonly Dictionary<string, Cluster> _clusters = new(StringComparer.Ordinal);

    /// <summary>The routes for calls to service <paramref name="name"/>; <paramref name="pinnedWorkload"/> narrows every cluster of it to one workload.</summary>
    public bool TryBuild(string name, string ns, string statsName, string? pinnedWorkload,
        [NotNullWhen(true)] out RouteTable? table, [NotNullWhen(true)] out EndpointModel[]? endpoints, [NotNullWhen(false)] out string? reason)
    {
        table = null;
        if (!TryEndpoints(name, ns, statsName, out endpoints, out reason))
        {
            return false;
        }

        endpoints = Pinned(endpoints, pinnedWorkload);
        var destination = FindDestination(name, ns) ?? DefaultDestination(name, ns);
        return TryBuildRoutes(destination.Routes, destination.RouteSource, (name, ns, pinnedWorkload), out table, out reason);
    }

    /// <summary>
    /// A route table for <paramref name="routes"/>. <paramref name="listener"/> is the outbound listener's service and
    /// pinned workload, if any (a gateway has none).
    /// </summary>
    public bool TryBuildRoutes(IReadOnlyList<RouteConfig> routes, string? source, (string Service, string Namespace, string? Pinned)? listener,
        [NotNullWhen(true)] out RouteTable? table, [NotNullWhen(false)] out string? reason)
    {
        table = null;
        reason = null;
        var compiled = new CompiledRoute[routes.Count];
        for (var r = 0; r < compiled.Length; r++)
        {
            var route = routes[r];
            var targets = new RouteDestination[route.Destinations.Count];
            for (var d = 0; d < targets.Length; d++)
            {
                var target = route.Destinations[d];
                var pinned = listener is { } l && l.Service == target.Service && l.Namespace == target.Namespace ? l.Pinned : null;
                if (!TryCluster(target.Service, target.Namespace, target.Subset, target.Labels, pinned, out var cluster, out reason))
                {
                    return false;
                }

                targets[d] = new RouteDestination(cluster, target.Weight,
                    HeaderOperations.Compile(target.RequestHeaders), HeaderOperations.Compile(target.ResponseHeaders), target);
            }

            var mirrors = new List<RouteMirror>();
            foreach (var mirror in route.Mirrors)
            {
                if (!TryCluster(mirror.Service, mirror.Namespace, mirror.Subset, mirror.Labels, pinned: null, out var cluster, out reason))
                {
                    return false;
                }

                mirrors.Add(new RouteMirror(cluster, mirror.Percentage));
            }

            compiled[r] = new CompiledRoute(route, [.. route.Matches.Select(m => new RequestMatcher(m))], targets, [.. mirrors], ResourceName(source));
        }

        table = new RouteTable(compiled, source);
        return true;
    }

    // "VirtualService default/reviews" -> "reviews".
    private static string? ResourceName(string? source)
    {
        var slash = source?.LastIndexOf('/') ?? -1;
        return slash < 0 ? null : source![(slash + 1)..].Split(' ')[0];
    }

    private bool TryCluster(string service, string ns, string? subset, IReadOnlyDictionary<string, string> labels,
        string? pinned, [NotNullWhen(true)] out Cluster? cluster, [NotNullWhen(false)] out string? reason)
    {
        var name = $"{service}.{ns}|{subset ?? LabelsKey(labels)}" + (pinned is null ? "" : "|" + pinned);
        if (_clusters.TryGetValue(name, out cluster))
        {
            reason = null;
            return true;
        }

        if (!TryEndpoints(service, ns, StatsName(service, ns), out var all, out reason))
        {
            return false;
        }

        var selected = Pinned(all, pinned).Where(e => Labels.Contain(EndpointLabels(e.Source), labels)).ToArray();
        var destination = FindDestination(service, ns);
        var policy = (subset is null ? null : destination?.Subsets.FirstOrDefault(s => s.Name == subset)?.Policy)
            ?? destination?.Policy
            ?? TrafficPolicyConfig.Default;
        var state = states.GetOrCreate(name, policy);
        state.Outliers?.SetEndpoints([.. selected.Select(e => e.Workload)]);
        cluster = new Cluster(name, selected, state);
        _clusters[name] = cluster;
        return true;
    }

    private bool TryEndpoints(string name, string ns, string statsName, [NotNullWhen(true)] out EndpointModel[]? endpoints, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (_endpoints.TryGetValue((name, ns), out endpoints))
        {
            return true;
        }

        var service = snapshot.Services.FirstOrDefault(s => s.Name == name && s.Namespace == ns);
        var serviceStats = stats.ForService(statsName);
        var identities = service is null ? System.Collections.Frozen.FrozenSet<string>.Empty : PeerIdentities.Of(service);
        var list = new List<EndpointModel>();
        var serviceName = DestinationServiceName.Of(name, ns);
        foreach (var endpoint in service?.Endpoints ?? [])
        {
            if (!TryNormalizeAddress(endpoint, out var address, out reason))
            {
                reason = $"service '{name}': {reason}";
                return false;
            }

            list.Add(new EndpointModel(endpoint, address, serviceStats.ForWorkload(endpoint.Workload), identities, serviceName));
        }

        endpoints = [.. list];
        _endpoints[(name, ns)] = endpoints;
        return true;
    }

    private DestinationConfig? FindDestination(string name, string ns) =>
        snapshot.Config?.Destinations.FirstOrDefault(d => d.Service == name && d.Namespace == ns);

    // A control plane that sends no configuration (or a service it does not know yet): one route to the whole
    // service with Istio's default retries and balancer, which is what a mesh without any resource does.
    private static DestinationConfig DefaultDestination(string name, string ns) => new()
    {
        Service = name,
        Namespace = ns,
        Host = ServiceHosts.Fqdn(name, ns),
        Policy = TrafficPolicyConfig.Default,
        Routes =
        [
            new RouteConfig
            {
                Source = "default route",
                Retries = RetryConfig.IstioDefault,
                Destinations = [new WeightedDestinationConfig { Service = name, Namespace = ns, Weight = 100 }],
            },
        ],
    };

    // A destination that selects endpoints by labels without naming a subset (an HTTPRoute backend such as reviews-v2)
    // is its own cluster: two of one service must not share one (the first one's endpoints would serve both).
    private static string LabelsKey(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0 ? "" : string.Join(',', labels.OrderBy(static l => l.Key, StringComparer.Ordinal).Select(static l => $"{l.Key}={l.Value}"));

    private string StatsName(string service, string ns) => ns == defaultNamespace ? service : $"{service}.{ns}";

    private static EndpointModel[] Pinned(EndpointModel[] endpoints, string? workload) =>
        workload is null ? endpoints : [.. endpoints.Where(e => string.Equals(e.Workload, workload, StringComparison.Ordinal))];

    private static IReadOnlyDictionary<string, string> EndpointLabels(EndpointSnapshot endpoint) =>
        endpoint.Labels.ContainsKey("version") ? endpoint.Labels : new Dictionary<string, string>(endpoint.Labels) { ["version"] = endpoint.Version };

    private static bool TryNormalizeAddress(EndpointSnapshot endpoint, [NotNullWhen(true)] out string? address, [NotNullWhen(false)] out string? reason)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(endpoint.Workload))
        {
            reason = "an endpoint has no workload name";
            return false;
        }

        if (!Uri.TryCreate(endpoint.Address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            reason = $"endpoint '{endpoint.Workload}' has address '{endpoint.Address}', not an absolute http(s) URL";
            return false;
        }

        address = endpoint.Address.TrimEnd('/');
        reason = null;
        return true;
    }
}

using Mesh.Model.Conventions;
using Mesh.Sidecar.Outbound.Concrete;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>
/// One route of a snapshot, ready for the hot path: its matchers, its weighted destinations resolved to
/// clusters, and what it does besides forwarding. Built once per snapshot by <see cref="RouteTableBuilder"/>.
/// </summary>
internal sealed class CompiledRoute
{
    private readonly RequestMatcher[] _matchers;
    private readonly int[] _weights;
    private readonly string[] _operations;
    private readonly string _operation;

    /// <param name="config">The route as pushed.</param>
    /// <param name="matchers">Its match blocks, compiled.</param>
    /// <param name="destinations">Its weighted destinations.</param>
    /// <param name="mirrors">Its mirrors.</param>
    /// <param name="resourceName">The name of the resource that defined it (a VirtualService's), for the span name of a
    /// route that does not go to one service alone.</param>
    public CompiledRoute(RouteConfig config, RequestMatcher[] matchers, RouteDestination[] destinations, RouteMirror[] mirrors, string? resourceName = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        _matchers = matchers;
        Destinations = destinations;
        _weights = [.. destinations.Select(d => d.Weight)];
        Mirrors = mirrors;
        Retry = new RetryPolicy(config.Retries);
        RequestHeaders = HeaderOperations.Compile(config.RequestHeaders);
        ResponseHeaders = HeaderOperations.Compile(config.ResponseHeaders);
        var (host, port) = OperationHost(destinations, resourceName);
        _operation = RequestSpan.Operation(host, port, null);
        _operations = [.. config.Matches.Select(m => RequestSpan.Operation(host, port, OperationPath(m.Path)))];
    }

    /// <summary>The route as pushed (source, timeout, fault, redirect, ...).</summary>
    public RouteConfig Config { get; }

    /// <summary>Weighted destinations; empty for a redirect or a direct response.</summary>
    public RouteDestination[] Destinations { get; }

    /// <summary>Copies of the request go here.</summary>
    public RouteMirror[] Mirrors { get; }

    public RetryPolicy Retry { get; }

    public HeaderOperations? RequestHeaders { get; }

    public HeaderOperations? ResponseHeaders { get; }

    /// <summary>Whether the route accepts the request; <paramref name="matched"/> is the match block that did (null: no blocks).</summary>
    public bool Accepts(HttpRequest request, out RequestMatcher? matched)
    {
        matched = null;
        if (_matchers.Length == 0)
        {
            return true;
        }

        foreach (var matcher in _matchers)
        {
            if (matcher.Matches(request))
            {
                matched = matcher;
                return true;
            }
        }

        return false;
    }

    /// <summary>The span name of a request <paramref name="matched"/> accepted (Istio's route decorator), computed once per snapshot.</summary>
    public string OperationFor(RequestMatcher? matched)
    {
        for (var i = 0; i < _matchers.Length; i++)
        {
            if (ReferenceEquals(_matchers[i], matched))
            {
                return _operations[i];
            }
        }

        return _operation;
    }

    /// <summary>Picks a destination in proportion to the weights.</summary>
    public RouteDestination PickDestination(Random random) =>
        Destinations.Length == 1 ? Destinations[0] : Destinations[WeightedChoice.Pick(_weights, random)];

    // Istio names a route by its one destination's host and port, or, when it splits traffic, by its resource's name.
    private static (string Host, int Port) OperationHost(RouteDestination[] destinations, string? resourceName)
    {
        if (destinations.Length > 0 && Array.TrueForAll(destinations, d => d.Host == destinations[0].Host && d.Port == destinations[0].Port))
        {
            return (destinations[0].Host, destinations[0].Port);
        }

        return (resourceName ?? (destinations.Length > 0 ? destinations[0].Host : "route"), destinations.Length > 0 ? destinations[0].Port : RouteDestination.DefaultPort);
    }

    private static string? OperationPath(StringMatchConfig? path) => path?.Kind switch
    {
        MatchKind.Prefix or MatchKind.PathPrefix => path.Value + "*",
        MatchKind.Exact or MatchKind.Regex => path.Value,
        _ => null,
    };
}

/// <summary>A weighted destination of a route: a cluster and its own header operations.</summary>
internal sealed class RouteDestination(Cluster cluster, int weight, HeaderOperations? requestHeaders, HeaderOperations? responseHeaders,
    WeightedDestinationConfig? config = null)
{
    /// <summary>The port of a destination that names none: HTTP's, which an app calling <c>http://reviews</c> dialled.</summary>
    public const int DefaultPort = 80;

    public Cluster Cluster { get; } = cluster;

    public int Weight { get; } = weight;

    public HeaderOperations? RequestHeaders { get; } = requestHeaders;

    public HeaderOperations? ResponseHeaders { get; } = responseHeaders;

    /// <summary>The destination's fully qualified host.</summary>
    public string Host { get; } = config is null ? cluster.Name : ServiceHosts.Fqdn(config.Service, config.Namespace);

    /// <summary>The destination's port (<see cref="DefaultPort"/> when it names none).</summary>
    public int Port { get; } = config?.Port ?? DefaultPort;

    /// <summary>The destination's subset, if it names one.</summary>
    public string? Subset { get; } = config?.Subset;

    /// <summary>Envoy's name of the destination's cluster, <c>outbound|80|v2|reviews.default.svc.cluster.local</c>.</summary>
    public string EnvoyCluster { get; } = config is null ? cluster.Name
        : $"outbound|{config.Port ?? DefaultPort}|{config.Subset}|{ServiceHosts.Fqdn(config.Service, config.Namespace)}";
}

/// <summary>A mirror of a route: the cluster that gets copies and the share of requests copied.</summary>
internal sealed class RouteMirror(Cluster cluster, double percentage)
{
    public Cluster Cluster { get; } = cluster;

    public double Percentage { get; } = percentage;
}

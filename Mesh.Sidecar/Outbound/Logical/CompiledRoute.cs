using Mesh.Sidecar.Outbound.Concrete;
using Mesh.Sidecar.Primitives;
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

    public CompiledRoute(RouteConfig config, RequestMatcher[] matchers, RouteDestination[] destinations, RouteMirror[] mirrors)
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

    /// <summary>Picks a destination in proportion to the weights.</summary>
    public RouteDestination PickDestination(Random random) =>
        Destinations.Length == 1 ? Destinations[0] : Destinations[WeightedChoice.Pick(_weights, random)];
}

/// <summary>A weighted destination of a route: a cluster and its own header operations.</summary>
internal sealed class RouteDestination(Cluster cluster, int weight, HeaderOperations? requestHeaders, HeaderOperations? responseHeaders)
{
    public Cluster Cluster { get; } = cluster;

    public int Weight { get; } = weight;

    public HeaderOperations? RequestHeaders { get; } = requestHeaders;

    public HeaderOperations? ResponseHeaders { get; } = responseHeaders;
}

/// <summary>A mirror of a route: the cluster that gets copies and the share of requests copied.</summary>
internal sealed class RouteMirror(Cluster cluster, double percentage)
{
    public Cluster Cluster { get; } = cluster;

    public double Percentage { get; } = percentage;
}

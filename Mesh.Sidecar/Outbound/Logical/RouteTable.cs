using Mesh.Sidecar.Primitives;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>A destination's routes in order: the first that accepts a request wins (Istio's first match).</summary>
internal sealed class RouteTable(CompiledRoute[] routes, string? source)
{
    /// <summary>The routes, in evaluation order.</summary>
    public CompiledRoute[] Routes { get; } = routes;

    /// <summary>The resource the routes came from (for /config and logs); null for the default route.</summary>
    public string? Source { get; } = source;

    public bool TryMatch(HttpRequest request, out CompiledRoute route, out RequestMatcher? matched)
    {
        foreach (var candidate in Routes)
        {
            if (candidate.Accepts(request, out matched))
            {
                route = candidate;
                return true;
            }
        }

        route = null!;
        matched = null;
        return false;
    }
}

using Mesh.Sidecar.Outbound.Endpoints;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Outbound.Concrete;

/// <summary>
/// A cluster as one snapshot sees it: Envoy's <c>outbound|port|subset|host</c>, the endpoints of a service
/// (or of one subset) with the cluster's live state. Picks an endpoint for each try.
/// </summary>
internal sealed class Cluster(string name, EndpointModel[] endpoints, ClusterState state)
{
    /// <summary>e.g. <c>reviews.default|v2</c>.</summary>
    public string Name { get; } = name;

    public EndpointModel[] Endpoints { get; } = endpoints;

    public ClusterState State { get; } = state;

    /// <summary>
    /// Picks an endpoint that is not ejected, and not <paramref name="previous"/> (the one a retry follows, Istio's
    /// default <c>retryIgnorePreviousHosts</c>) when another is available; null when none is left (every endpoint
    /// ejected: Envoy's 503 UH, since Istio's default minHealthPercent 0 turns its panic mode off).
    /// </summary>
    public EndpointModel? Pick(HttpContext context, EndpointModel? previous = null)
    {
        if (Endpoints.Length == 0)
        {
            return null;
        }

        IReadOnlyList<EndpointModel> candidates = Endpoints;
        if (State.Outliers is { } outliers)
        {
            List<EndpointModel>? healthy = null;
            for (var i = 0; i < Endpoints.Length; i++)
            {
                if (outliers.IsEjected(Endpoints[i].Workload))
                {
                    healthy ??= [.. Endpoints[..i]];
                }
                else
                {
                    healthy?.Add(Endpoints[i]);
                }
            }

            if (healthy is not null)
            {
                if (healthy.Count == 0)
                {
                    return null;
                }

                candidates = healthy;
            }
        }

        if (previous is not null && candidates.Count > 1 && candidates.Contains(previous))
        {
            candidates = [.. candidates.Where(e => e != previous)];
        }

        return State.Balancer.Pick(candidates, HashOf(context));
    }

    private ulong HashOf(HttpContext context)
    {
        if (State.Policy.LoadBalancer.Hash is not { } hash)
        {
            return 0;
        }

        var request = context.Request;
        string? key = null;
        if (hash.HeaderName is { } header)
        {
            key = request.Headers.TryGetValue(header, out var value) ? value.ToString() : null;
        }
        else if (hash.CookieName is { } cookie)
        {
            // A quoted value (the form a generated cookie takes) hashes as its content, as Envoy reads cookies.
            key = request.Cookies[cookie]?.Trim('"');
            if (string.IsNullOrEmpty(key) && hash.CookieTtl is { } ttl)
            {
                key = GeneratedCookie.Create(context, cookie, hash.CookiePath, ttl);
            }
        }
        else if (hash.QueryParameterName is { } parameter)
        {
            key = request.Query.TryGetValue(parameter, out var value) ? value.ToString() : null;
        }
        else if (hash.UseSourceIp)
        {
            key = context.Connection.RemoteIpAddress?.ToString();
        }

        // No key: Envoy hashes nothing and picks at random; a fresh random hash does the same on the ring.
        return string.IsNullOrEmpty(key) ? (ulong)State.Random.NextInt64() : HashKey.Of(key);
    }
}

using System.Diagnostics.CodeAnalysis;
using Mesh.Model.Snapshots;

namespace Mesh.Sidecar.Outbound;

/// <summary>
/// Checks the configuration part of a pushed snapshot before it is applied: what the control plane
/// validated must also hold here (a regular expression Mesh.Model's MatchRegex refuses is refused with a NACK naming the
/// route, as Envoy rejects a config it cannot load, and the last good snapshot stays in force).
/// </summary>
internal static class OutboundSnapshotCheck
{
    public static bool TryValidate(ConfigSnapshot? config, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (config is null)
        {
            return true;
        }

        foreach (var destination in config.Destinations)
        {
            if (!TryValidateRoutes(destination.Routes, $"destination {destination.Host}", out reason))
            {
                return false;
            }
        }

        foreach (var host in config.GatewayHosts)
        {
            if (!TryValidateRoutes(host.Routes, $"gateway host {host.Host}", out reason))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryValidateRoutes(IReadOnlyList<RouteConfig> routes, string where, [NotNullWhen(false)] out string? reason)
    {
        for (var r = 0; r < routes.Count; r++)
        {
            foreach (var match in routes[r].Matches)
            {
                var all = new[] { match.Path, match.Method, match.Authority, match.Scheme }
                    .Concat(match.Headers.Select(h => h.Match))
                    .Concat(match.QueryParams.Select(q => q.Match))
                    .Concat(match.WithoutHeaders.Select(h => h.Match));
                foreach (var value in all)
                {
                    if (value is { Kind: MatchKind.Regex } && !MatchRegex.TryCreate(value.Value, value.IgnoreCase, out _, out var error))
                    {
                        reason = $"{where}, route {r}: regex '{value.Value}' does not compile: {error}";
                        return false;
                    }
                }
            }
        }

        reason = null;
        return true;
    }
}

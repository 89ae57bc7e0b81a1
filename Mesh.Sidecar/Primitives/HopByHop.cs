using Microsoft.Extensions.Primitives;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// RFC 9110's hop-by-hop headers: they describe one connection, so a proxy that sends a request on a connection of its
/// own (YARP's forwarder does this itself; the mirror's copy needs it here) drops them, with every header the
/// <c>Connection</c> header names.
/// </summary>
internal static class HopByHop
{
    private static readonly HashSet<string> s_names = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    /// <summary>Whether <paramref name="name"/> is hop-by-hop, given the request's <paramref name="connection"/> header.</summary>
    public static bool Is(string name, StringValues connection)
    {
        if (s_names.Contains(name))
        {
            return true;
        }

        foreach (var value in connection)
        {
            foreach (var token in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (string.Equals(token, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

using System.Globalization;
using System.Text;

namespace Mesh.Sidecar.Outbound.Concrete;

/// <summary>
/// The cookie consistent hashing asks for when a request lacks it (Istio's <c>consistentHash.httpCookie</c> with a
/// <c>ttl</c>, Envoy's cookie <c>hash_policy</c>): the request is hashed on a generated value, and the answer carries
/// <c>Set-Cookie</c> with it, so the client's next requests stick to the same endpoint.
/// </summary>
/// <remarks>
/// As Envoy, the value is a hash of the downstream connection's two addresses (the same for every request on one
/// connection, so racing requests get one cookie), written in hex and quoted; <c>Max-Age</c> is the ttl (none for a
/// zero ttl: a session cookie), with the configured path, and <c>HttpOnly</c>.
/// </remarks>
internal sealed class GeneratedCookie(string setCookie)
{
    /// <summary>The <c>Set-Cookie</c> value for the response.</summary>
    public string SetCookie { get; } = setCookie;

    /// <summary>Generates the value for <paramref name="context"/>'s request, remembers the header to send, and returns the value to hash.</summary>
    public static string Create(HttpContext context, string name, string? path, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(context);
        var connection = context.Connection;
        var addresses = $"{connection.RemoteIpAddress}:{connection.RemotePort}{connection.LocalIpAddress}:{connection.LocalPort}";
        var value = HashKey.Of(addresses).ToString("x16", CultureInfo.InvariantCulture);

        var header = new StringBuilder().Append(name).Append("=\"").Append(value).Append('"');
        if (ttl > TimeSpan.Zero)
        {
            header.Append("; Max-Age=").Append(((long)ttl.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(path))
        {
            header.Append("; Path=").Append(path);
        }

        context.Features.Set(new GeneratedCookie(header.Append("; HttpOnly").ToString()));
        return value;
    }

    /// <summary>Adds the cookie generated for this request, if any, to its response.</summary>
    public static void AddTo(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<GeneratedCookie>() is { } cookie)
        {
            context.Response.Headers.Append("Set-Cookie", cookie.SetCookie);
        }
    }
}

using System.Net;

namespace Mesh.Sidecar.Outbound;

/// <summary>
/// The Host of a request as its caller meant it. An app that called <c>http://reviews</c> reached its sidecar's outbound
/// listener at the loopback address service discovery gave it, and its HTTP client wrote that address in Host; under
/// Istio the same call carries <c>reviews</c>, which routes match (<c>authority</c>), redirects keep and the callee
/// sees. So a loopback Host becomes the name the app called; any other Host (one the app set itself) is kept.
/// </summary>
internal static class CallerHost
{
    /// <summary>Puts <paramref name="logicalName"/> in place of a loopback Host.</summary>
    public static void Restore(HttpRequest request, string logicalName)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (logicalName.Length > 0 && IsLoopback(request.Host.Host))
        {
            request.Host = new HostString(logicalName);
        }
    }

    /// <summary>Whether <paramref name="host"/> (without port) names this machine's loopback interface.</summary>
    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}

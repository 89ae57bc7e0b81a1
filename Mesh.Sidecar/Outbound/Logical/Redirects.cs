using System.Globalization;
using Mesh.Sidecar.Primitives;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>
/// Istio's <c>redirect</c> and the Gateway API's RequestRedirect: a local reply with a new Location, built as Envoy's
/// <c>RedirectAction</c> builds it (scheme, host, port, path; the query string kept).
/// </summary>
internal static class Redirects
{
    public static void Write(HttpContext context, RedirectConfig redirect, RequestMatcher? matched)
    {
        var request = context.Request;
        var scheme = redirect.Scheme ?? request.Scheme;
        var host = redirect.Authority ?? request.Host.Host;
        var path = request.Path.Value ?? "/";
        if (redirect.Path is { } replacement)
        {
            path = PathRewrite.Apply(path, replacement, redirect.PathReplacement, matched);
        }

        var port = Port(redirect, request, scheme);
        var authority = port is { } p ? host + ":" + p.ToString(CultureInfo.InvariantCulture) : host;
        context.Response.StatusCode = redirect.StatusCode;
        context.Response.Headers.Location = $"{scheme}://{authority}{path}{request.QueryString}";
    }

    /// <summary>The Location's port; null to name none.</summary>
    private static int? Port(RedirectConfig redirect, HttpRequest request, string scheme)
    {
        var port = redirect.Port ?? redirect.PortSource switch
        {
            RedirectPortSource.ProtocolDefault => null,
            RedirectPortSource.Listener => request.Host.Port,
            // Envoy: a new host replaces the authority whole; a new scheme drops the old scheme's default port.
            _ when redirect.Authority is not null => null,
            _ when scheme != request.Scheme && request.Host.Port == DefaultPort(request.Scheme) => null,
            _ => request.Host.Port,
        };

        // A derived or configured port that is the scheme's default is left out, as Istio and the Gateway API do.
        return port == DefaultPort(scheme) && (redirect.Port is not null || redirect.PortSource != RedirectPortSource.Request) ? null : port;
    }

    private static int? DefaultPort(string scheme) => scheme switch
    {
        "http" => 80,
        "https" => 443,
        _ => null,
    };
}

using System.Globalization;
using Mesh.Sidecar.Primitives;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>Istio's <c>redirect</c> (and the Gateway API's RequestRedirect): a local 301/302 with a new Location.</summary>
internal static class Redirects
{
    public static void Write(HttpContext context, RedirectConfig redirect, RequestMatcher? matched)
    {
        var request = context.Request;
        var scheme = redirect.Scheme ?? request.Scheme;
        var host = redirect.Authority ?? request.Host.Host;
        var port = redirect.Port ?? (redirect.Authority is null && redirect.Scheme is null ? request.Host.Port : null);
        var path = request.Path.Value ?? "/";
        if (redirect.Path is { } replacement)
        {
            path = PathRewrite.Apply(path, replacement, redirect.PathReplacement, matched);
        }

        var authority = port is { } p ? host + ":" + p.ToString(CultureInfo.InvariantCulture) : host;
        context.Response.StatusCode = redirect.StatusCode;
        context.Response.Headers.Location = $"{scheme}://{authority}{path}{request.QueryString}";
    }
}

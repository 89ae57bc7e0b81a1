using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// An index of an API's routes at <c>/</c>, as Envoy's admin port lists its endpoints there: the dashboard's link to an
/// admin API opens a page that says what the API has, not a 404.
/// </summary>
public static class RouteIndexExtensions
{
    /// <summary>Maps <c>GET /</c> to <paramref name="title"/> and one line per route (<c>GET /v1/registry</c>), in plain text.</summary>
    /// <param name="endpoints">The app's routes.</param>
    /// <param name="title">The first line, naming the API.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapRouteIndex(this IEndpointRouteBuilder endpoints, string title)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // A request delegate, not a minimal-API lambda: the sidecar and the control plane are Native AOT programs.
        endpoints.MapGet("/", context =>
        {
            var index = new StringBuilder(title).Append('\n');
            var routes = context.RequestServices.GetServices<EndpointDataSource>()
                .SelectMany(source => source.Endpoints)
                .OfType<RouteEndpoint>()
                .Select(Describe)
                .Where(line => line is not null)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal);
            foreach (var route in routes)
            {
                index.Append(route).Append('\n');
            }

            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(index.ToString(), context.RequestAborted);
        });
        return endpoints;
    }

    private static string? Describe(RouteEndpoint endpoint)
    {
        var pattern = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
        if (pattern == "/")
        {
            return null;
        }

        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
        return (methods is { Count: > 0 } ? string.Join(',', methods) : "ANY") + " " + pattern;
    }
}

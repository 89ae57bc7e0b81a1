using Microsoft.Net.Http.Headers;

namespace Mesh.ControlPlane.Api.Access;

/// <summary>
/// Takes a body only in the media types a route reads. A browser sends <c>text/plain</c>, form and multipart bodies
/// across origins without asking first (a "simple" CORS request); any other type needs a preflight, which the control
/// plane never grants, so a web page cannot post to it at all.
/// </summary>
internal sealed class ContentTypes(params string[] accepted) : IEndpointFilter
{
    /// <summary>What configuration routes read: YAML or JSON, several documents allowed.</summary>
    public static readonly string[] Configuration = ["application/yaml", "application/x-yaml", "text/yaml", "application/json"];

    /// <summary>What sidecars send.</summary>
    public static readonly string[] Json = ["application/json"];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && accepted.Contains(type.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            return await next(context).ConfigureAwait(false);
        }

        var sent = string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : $"Content-Type '{request.ContentType}'";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "Unsupported media type",
            detail: $"{request.Method} {request.Path} takes {string.Join(", ", accepted)}; the request has {sent}.");
    }
}

/// <summary>Puts <see cref="ContentTypes"/> on a route.</summary>
internal static class ContentTypesExtensions
{
    public static TBuilder Accepting<TBuilder>(this TBuilder builder, string[] mediaTypes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new ContentTypes(mediaTypes));
}

using Microsoft.AspNetCore.Http.Features;

namespace Mesh.ControlPlane.Api.Access;

/// <summary>
/// Bounds every request body, so one request cannot make the control plane buffer without end: 1 MiB, the size
/// etcd (and so Kubernetes) allows one object, which no configuration a person writes comes near.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next)
{
    public const long MaximumBytes = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var length = context.Request.ContentLength;
        if (length > MaximumBytes)
        {
            await TooLarge(context, $"{length} bytes").ConfigureAwait(false);
            return;
        }

        // Chunked bodies carry no length: Kestrel stops reading them at the limit.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaximumBytes;
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await TooLarge(context, "more than that").ConfigureAwait(false);
        }
    }

    private static Task TooLarge(HttpContext context, string size) => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request body too large",
        detail: $"{context.Request.Method} {context.Request.Path}: the body is {size}; the control plane takes at most {MaximumBytes} bytes (1 MiB) in one request. Split the change into several requests.")
        .ExecuteAsync(context);
}

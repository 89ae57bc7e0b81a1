using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Protocols.Shared;

namespace Protocols.Streams.Apis;

/// <summary>
/// Responses written a piece at a time, <c>gapMs</c> milliseconds apart, each flushed as it is written and stamped with the
/// time it was written (Unix milliseconds), so a reader can tell whether the first reached it before the last was written:
/// <c>/sse?count=N&amp;gapMs=M</c> (server-sent events) and <c>/chunked?count=N&amp;gapMs=M</c> (a response with no
/// Content-Length: chunked on HTTP/1.1, one line per piece).
/// </summary>
internal static class PacedResponsesApi
{
    public static IEndpointRouteBuilder MapPacedResponsesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sse", context => WriteAsync(context, "text/event-stream", static (i, count, writtenAt) =>
            string.Create(CultureInfo.InvariantCulture, $"id: {i}\nevent: tick\ndata: {{\"index\":{i},\"count\":{count},\"writtenAt\":{writtenAt}}}\n\n")));
        app.MapGet("/chunked", context => WriteAsync(context, "text/plain", static (i, count, writtenAt) =>
            string.Create(CultureInfo.InvariantCulture, $"chunk {i} of {count} written at {writtenAt}\n")));
        return app;
    }

    /// <summary>Writes <c>count</c> pieces made by <paramref name="piece"/> (index, count, time written), flushing each.</summary>
    private static async Task WriteAsync(HttpContext context, string contentType, Func<int, int, long, string> piece)
    {
        if (!QueryArguments.TryRead(context.Request, "count", 1, 10_000, 5, out var count, out var error)
            || !QueryArguments.TryRead(context.Request, "gapMs", 0, 60_000, 500, out var gapMs, out error))
        {
            await error!.ExecuteAsync(context);
            return;
        }

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache";
        for (var i = 1; i <= count; i++)
        {
            if (i > 1)
            {
                await Task.Delay(gapMs, context.RequestAborted);
            }

            await context.Response.WriteAsync(piece(i, count, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Protocols.Shared;

namespace Protocols.Streams.Apis;

/// <summary>
/// <c>/chunked?count=N&amp;gapMs=M</c>: a response with no Content-Length (chunked on HTTP/1.1), one line per chunk,
/// M milliseconds apart, each flushed and stamped with the time it was written.
/// </summary>
internal static class ChunkedApi
{
    public static IEndpointRouteBuilder MapChunkedApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/chunked", async context =>
        {
            if (!QueryArguments.TryRead(context.Request, "count", 1, 10_000, 5, out var count, out var error)
                || !QueryArguments.TryRead(context.Request, "gapMs", 0, 60_000, 500, out var gapMs, out error))
            {
                await error!.ExecuteAsync(context);
                return;
            }

            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            context.Response.ContentType = "text/plain";
            for (var i = 1; i <= count; i++)
            {
                if (i > 1)
                {
                    await Task.Delay(gapMs, context.RequestAborted);
                }

                await context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $"chunk {i} of {count} written at {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}\n"), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        return app;
    }
}

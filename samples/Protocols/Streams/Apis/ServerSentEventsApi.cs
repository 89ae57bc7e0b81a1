using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Protocols.Shared;

namespace Protocols.Streams.Apis;

/// <summary>
/// <c>/sse?count=N&amp;gapMs=M</c>: N server-sent events M milliseconds apart, each flushed as it is written and stamped
/// with the time it was written, so a reader can tell whether the first reached it before the last was written.
/// </summary>
internal static class ServerSentEventsApi
{
    public static IEndpointRouteBuilder MapServerSentEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sse", async context =>
        {
            if (!QueryArguments.TryRead(context.Request, "count", 1, 10_000, 5, out var count, out var error)
                || !QueryArguments.TryRead(context.Request, "gapMs", 0, 60_000, 500, out var gapMs, out error))
            {
                await error!.ExecuteAsync(context);
                return;
            }

            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            for (var i = 1; i <= count; i++)
            {
                if (i > 1)
                {
                    await Task.Delay(gapMs, context.RequestAborted);
                }

                var writtenAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                await context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $"id: {i}\nevent: tick\ndata: {{\"index\":{i},\"count\":{count},\"writtenAt\":{writtenAt}}}\n\n"), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        return app;
    }
}

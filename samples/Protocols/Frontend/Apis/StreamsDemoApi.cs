using System.Globalization;
using System.Net.WebSockets;
using Protocols.Frontend.Services;
using Protocols.Shared;

namespace Protocols.Frontend.Apis;

/// <summary>
/// Calls to streams through service discovery, on request: <c>/ws/relay</c> (a WebSocket echo, and who streams saw
/// calling), <c>/sse/relay</c> and <c>/chunked/relay</c> (streams' streamed responses passed on as they arrive) and
/// <c>/upload/relay</c> (a generated upload of any size, streamed).
/// </summary>
internal static class StreamsDemoApi
{
    private const long Mebibyte = 1024 * 1024;

    public static IEndpointRouteBuilder MapStreamsDemoApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ws/relay", async (HttpRequest request, StreamsWebSocket socket, CancellationToken cancellationToken) =>
        {
            if (!QueryArguments.TryRead(request, "messages", 0, 1000, 3, out var messages, out var error))
            {
                return error!;
            }

            try
            {
                return Results.Json(await socket.EchoAsync(messages, cancellationToken));
            }
            catch (WebSocketException e)
            {
                return Results.Problem($"The WebSocket to streams failed: {e.Message}", statusCode: StatusCodes.Status502BadGateway);
            }
        });

        app.MapGet("/sse/relay", (HttpContext context, StreamsClient streams) => RelayAsync(context, streams, "/sse"));
        app.MapGet("/chunked/relay", (HttpContext context, StreamsClient streams) => RelayAsync(context, streams, "/chunked"));

        app.MapGet("/upload/relay", async (HttpRequest request, StreamsClient streams, CancellationToken cancellationToken) =>
            !QueryArguments.TryRead(request, "mebibytes", 0, 4096, 1, out var mebibytes, out var error)
                ? error!
                : Results.Json(await streams.UploadAsync(mebibytes * Mebibyte, cancellationToken)));

        return app;
    }

    private static async Task RelayAsync(HttpContext context, StreamsClient streams, string path)
    {
        if (!QueryArguments.TryRead(context.Request, "count", 1, 10_000, 5, out var count, out var error)
            || !QueryArguments.TryRead(context.Request, "gapMs", 0, 60_000, 500, out var gapMs, out error))
        {
            await error!.ExecuteAsync(context);
            return;
        }

        await streams.RelayAsync(string.Create(CultureInfo.InvariantCulture, $"{path}?count={count}&gapMs={gapMs}"), context.Response, context.RequestAborted);
    }
}

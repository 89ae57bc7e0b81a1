using System.Net.WebSockets;
using System.Text.Json;

namespace Protocols.Streams.Apis;

/// <summary>
/// <c>/ws/echo</c>: a WebSocket that first says who called (the <c>x-forwarded-client-cert</c> the upgrade request
/// carried, which the mesh sets to the caller's verified identity), then echoes every message until the caller closes.
/// </summary>
internal static class WebSocketEchoApi
{
    /// <summary>The header an inbound sidecar sets to the caller's verified identity (Envoy's format).</summary>
    public const string ClientCertificateHeader = "x-forwarded-client-cert";

    public static IEndpointRouteBuilder MapWebSocketEchoApi(this IEndpointRouteBuilder app)
    {
        app.Map("/ws/echo", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                await Results.Problem("/ws/echo takes WebSocket requests only (an HTTP/1.1 Upgrade: websocket).",
                    statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var greeting = JsonSerializer.SerializeToUtf8Bytes(new EchoGreeting(context.Request.Headers[ClientCertificateHeader].ToString()), JsonSerializerOptions.Web);
            await socket.SendAsync(greeting, WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
            await EchoAsync(socket, context.RequestAborted);
        });
        return app;
    }

    private static async Task EchoAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellationToken);
                return;
            }

            // Frame by frame: a message longer than the buffer is echoed in pieces, never held whole.
            await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, cancellationToken);
        }
    }
}

/// <summary>The first message on <c>/ws/echo</c>: the caller's identity as the upgrade request carried it (empty: none).</summary>
internal sealed record EchoGreeting(string ClientCertificate);

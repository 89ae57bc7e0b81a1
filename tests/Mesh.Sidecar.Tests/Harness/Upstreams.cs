using System.Net.WebSockets;
using System.Text;

namespace Mesh.Sidecar.Tests.Harness;

/// <summary><see cref="Testing.FakeApp.Handler"/>s for upstreams that fail, answer slowly, wait for the test or speak WebSocket.</summary>
internal static class Upstreams
{
    /// <summary>Answers <paramref name="status"/> to the first <paramref name="failures"/> requests, then its name.</summary>
    public static Func<HttpContext, int, Task> FailFirst(int failures, int status, string name) => (context, number) =>
    {
        if (number <= failures)
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        return context.Response.WriteAsync(name);
    };

    /// <summary>Always answers <paramref name="status"/>.</summary>
    public static Func<HttpContext, int, Task> Always(int status) => (context, _) =>
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    };

    /// <summary>Answers after <paramref name="delay"/> (or gives up when the caller goes away).</summary>
    public static Func<HttpContext, int, Task> Slow(TimeSpan delay, string name) => (context, _) => AnswerAfterAsync(context, delay, name);

    /// <summary>Answers the first <paramref name="slow"/> requests after <paramref name="delay"/>, the rest at once.</summary>
    public static Func<HttpContext, int, Task> SlowFirst(int slow, TimeSpan delay, string name) => (context, number) =>
        number <= slow ? AnswerAfterAsync(context, delay, name) : context.Response.WriteAsync(name);

    /// <summary>Holds every request until <paramref name="release"/> completes, then answers its name.</summary>
    public static Func<HttpContext, int, Task> Held(Task release, string name) => async (context, _) =>
    {
        await release.WaitAsync(TimeSpan.FromSeconds(60), context.RequestAborted);
        await context.Response.WriteAsync(name);
    };

    /// <summary>Accepts a WebSocket and echoes each text message with <paramref name="prefix"/> in front, until the client closes.</summary>
    public static Func<HttpContext, int, Task> WebSocketEcho(string prefix) => async (context, _) =>
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
                return;
            }

            var echo = Encoding.UTF8.GetBytes(prefix + Encoding.UTF8.GetString(buffer, 0, received.Count));
            await socket.SendAsync(echo, WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
        }
    };

    private static async Task AnswerAfterAsync(HttpContext context, TimeSpan delay, string name)
    {
        try
        {
            await Task.Delay(delay, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The sidecar gave up on this try and closed the connection.
            return;
        }

        await context.Response.WriteAsync(name);
    }
}

using System.Net.WebSockets;
using System.Text;
using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Tests.Harness;

/// <summary>A test's WebSocket client: connects to a sidecar's listener the way an app would, and exchanges text messages.</summary>
internal static class WebSocketClient
{
    /// <summary>What the echo app the tests use puts before each message (<c>Upstreams.WebSocketEcho(EchoPrefix)</c>).</summary>
    public const string EchoPrefix = "echo: ";

    /// <summary>Opens a WebSocket to <paramref name="path"/> on the listener at <paramref name="listener"/>.</summary>
    public static async Task<ClientWebSocket> ConnectAsync(Uri listener, string path, CancellationToken cancellationToken)
    {
        var socket = Create();
        try
        {
            await socket.ConnectAsync(Address(listener, path), cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return socket;
    }

    /// <summary>Asks for a WebSocket that is to be refused: the refusal's status and the sidecar's response flag.</summary>
    public static async Task<(HttpStatusCode? Status, string? Flag)> RefusedAsync(Uri listener, string path, CancellationToken cancellationToken)
    {
        using var socket = Create();
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Address(listener, path), cancellationToken));
        return (socket.HttpStatusCode, socket.HttpResponseHeaders?.TryGetValue(ResponseFlags.HeaderName, out var flags) == true ? string.Join(',', flags) : null);
    }

    /// <summary>Sends <paramref name="message"/> and returns the next text message received.</summary>
    public static async Task<string> EchoAsync(this ClientWebSocket socket, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        return await socket.ReceiveTextAsync(cancellationToken);
    }

    /// <summary>The next text message received.</summary>
    public static async Task<string> ReceiveTextAsync(this ClientWebSocket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }

    private static ClientWebSocket Create()
    {
        var socket = new ClientWebSocket();
        socket.Options.Proxy = null;
        // So a refused upgrade tells its status and flag (the sidecar's 504 UT, say).
        socket.Options.CollectHttpResponseDetails = true;
        return socket;
    }

    private static Uri Address(Uri listener, string path)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return new Uri($"ws://127.0.0.1:{listener.Port}{path}");
    }

    /// <summary>
    /// Has a message echoed (by an app echoing with <see cref="EchoPrefix"/>) every <paramref name="interval"/> for
    /// <paramref name="duration"/>: a connection kept busy. Fails on a wrong answer; returns how many came back.
    /// </summary>
    public static async Task<int> TalkAsync(this ClientWebSocket socket, TimeSpan duration, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answered = 0;
        for (var i = 0; clock.Elapsed < duration; i++)
        {
            var message = $"message {i}";
            Assert.Equal(EchoPrefix + message, await socket.EchoAsync(message, cancellationToken));
            answered++;
            await Task.Delay(interval, cancellationToken);
        }

        return answered;
    }
}

using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Mesh.Sidecar.Tests.Reliability;

/// <summary>Sends bytes to a listener on a raw socket and reads what comes back: the status line's code, and whether the server closed.</summary>
internal static class RawHttp
{
    /// <summary>What the server did: the status it answered (null: none), and whether it closed the connection afterwards.</summary>
    internal readonly record struct Outcome(int? Status, bool Closed)
    {
        public override string ToString() => $"{(Status is { } status ? status.ToString(CultureInfo.InvariantCulture) : "no answer")}{(Closed ? ", closed" : ", still open")}";
    }

    /// <summary>
    /// Sends <paramref name="parts"/> one after another, pausing <paramref name="pause"/> between them, then reads until
    /// the server closes or <paramref name="wait"/> passes.
    /// </summary>
    public static async Task<Outcome> SendAsync(int port, IReadOnlyList<byte[]> parts, TimeSpan pause, TimeSpan wait)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        try
        {
            for (var i = 0; i < parts.Count; i++)
            {
                if (i > 0)
                {
                    await Task.Delay(pause);
                }

                await socket.SendAsync(parts[i], SocketFlags.None);
            }
        }
        catch (SocketException)
        {
            // The server closed while the request was still being sent: it refused what it had read.
        }

        var received = new MemoryStream();
        var buffer = new byte[8192];
        using var deadline = new CancellationTokenSource(wait);
        var closed = false;
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                if (read == 0)
                {
                    closed = true;
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            // Still open when the wait ran out.
        }
        catch (SocketException)
        {
            closed = true;
        }

        return new Outcome(StatusOf(Encoding.Latin1.GetString(received.ToArray())), closed);
    }

    private static int? StatusOf(string response) =>
        response.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && response.Length >= 12
            && int.TryParse(response.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            ? status
            : null;
}

using System.Net;
using System.Net.Sockets;

namespace Mesh.Bench.Startup;

/// <summary>
/// A TCP relay between a sidecar and the control plane that notes when the control plane first answered: the time of
/// the first byte it sent back on any connection. The sidecar is given the relay's address as its control plane, so the
/// moment is seen from outside both programs, and neither is changed.
/// </summary>
internal sealed class FirstAnswerRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private long _firstAnswer;

    private FirstAnswerRelay(IPEndPoint upstream, TimeProvider time)
    {
        _upstream = upstream;
        _time = time;
    }

    /// <summary>The relay's port, on 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> of the first byte from upstream, or null before it.</summary>
    public long? FirstAnswer => Interlocked.Read(ref _firstAnswer) is var at && at != 0 ? at : null;

    public static FirstAnswerRelay Start(int upstreamPort, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var relay = new FirstAnswerRelay(new IPEndPoint(IPAddress.Loopback, upstreamPort), time);
        relay._listener.Start();
        _ = relay.AcceptAsync();
        return relay;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                _ = RelayAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        Track(client);
        Track(upstream);
        try
        {
            await upstream.ConnectAsync(_upstream, _stop.Token);
            await Task.WhenAny(PumpAsync(client, upstream, noteFirst: false), PumpAsync(upstream, client, noteFirst: true));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Either side closed, or the relay stopped.
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool noteFirst)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (noteFirst)
                {
                    Interlocked.CompareExchange(ref _firstAnswer, _time.GetTimestamp(), 0);
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Either side closed, or the relay stopped.
        }
    }

    private void Track(Socket socket)
    {
        lock (_sockets)
        {
            _sockets.Add(socket);
        }
    }
}

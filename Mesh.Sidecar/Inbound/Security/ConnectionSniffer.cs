using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Mesh.Sidecar.Inbound.Security;

/// <summary>What a new inbound connection's first bytes say it speaks.</summary>
internal enum SniffedProtocol
{
    /// <summary>The peer closed before sending anything, or the connection failed.</summary>
    Closed,

    /// <summary>The peer sent nothing within the time allowed.</summary>
    Silent,

    /// <summary>A TLS handshake: mutual TLS from a peer sidecar.</summary>
    Tls,

    /// <summary>HTTP/2 in clear text with prior knowledge: a peer sidecar's plain-text hop.</summary>
    Http2,

    /// <summary>Anything else, left to the HTTP/1.1 parser: a client outside the mesh.</summary>
    Http1,
}

/// <summary>
/// Tells what a connection speaks from its first bytes without consuming them, as Envoy's TLS inspector and HTTP
/// inspector do for Istio's PERMISSIVE mode: a TLS record starts with content type 22 (handshake), which no HTTP request
/// line does; an HTTP/2 client with prior knowledge starts with the connection preface (RFC 9113, 3.4), whose "PRI"
/// method no HTTP/1.1 client sends. The next reader (TLS or HTTP) sees the same bytes.
/// </summary>
internal static class ConnectionSniffer
{
    private const byte HandshakeRecord = 0x16;

    /// <summary>The HTTP/2 connection preface.</summary>
    internal static ReadOnlySpan<byte> Http2Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>
    /// Sniffs <paramref name="connection"/>'s first bytes, giving up after <paramref name="silence"/> without any (Envoy's
    /// listener filter timeout, after which Envoy closes the connection too).
    /// </summary>
    public static async ValueTask<SniffedProtocol> SniffAsync(ConnectionContext connection, TimeSpan silence, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var quiet = new CancellationTokenSource(silence, time);
        using var sniff = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed, quiet.Token);
        try
        {
            return await SniffAsync(connection.Transport.Input, sniff.Token);
        }
        catch (OperationCanceledException) when (quiet.IsCancellationRequested)
        {
            return SniffedProtocol.Silent;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException)
        {
            return SniffedProtocol.Closed;
        }
    }

    public static async ValueTask<SniffedProtocol> SniffAsync(PipeReader input, CancellationToken token)
    {
        while (true)
        {
            var result = await input.ReadAsync(token);
            var buffer = result.Buffer;
            var verdict = Classify(buffer, result.IsCompleted);
            if (verdict is { } protocol)
            {
                // Nothing consumed or examined.
                input.AdvanceTo(buffer.Start, buffer.Start);
                return protocol;
            }

            // A prefix of the preface so far: everything examined, so the next read waits for more bytes.
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>The protocol, or null while the bytes so far are a prefix of the HTTP/2 preface.</summary>
    internal static SniffedProtocol? Classify(ReadOnlySequence<byte> buffer, bool completed)
    {
        if (buffer.IsEmpty)
        {
            return completed ? SniffedProtocol.Closed : null;
        }

        if (buffer.FirstSpan[0] == HandshakeRecord)
        {
            return SniffedProtocol.Tls;
        }

        var preface = Http2Preface;
        var length = (int)Math.Min(buffer.Length, preface.Length);
        Span<byte> head = stackalloc byte[preface.Length];
        buffer.Slice(0, length).CopyTo(head);
        if (!head[..length].SequenceEqual(preface[..length]))
        {
            return SniffedProtocol.Http1;
        }

        if (length == preface.Length)
        {
            return SniffedProtocol.Http2;
        }

        // A connection that ends inside the preface is no HTTP/2 client: the HTTP/1.1 parser refuses it.
        return completed ? SniffedProtocol.Http1 : null;
    }
}

using System.Buffers;
using System.IO.Pipelines;

namespace Mesh.Sidecar.Inbound.Security;

/// <summary>
/// Tells a TLS connection from a plain-text one by its first byte without consuming it, as Envoy's TLS inspector does
/// for Istio's PERMISSIVE mode: a TLS record starts with content type 22 (handshake); no HTTP request line does.
/// </summary>
internal static class TlsSniffer
{
    private const byte HandshakeRecord = 0x16;

    /// <summary>True for TLS, false for plain text, null when the peer closed before sending anything.</summary>
    public static async ValueTask<bool?> IsTlsAsync(PipeReader input, CancellationToken token)
    {
        var result = await input.ReadAsync(token);
        var buffer = result.Buffer;
        if (buffer.IsEmpty)
        {
            input.AdvanceTo(buffer.Start);
            return null;
        }

        var first = buffer.FirstSpan[0];
        // Nothing consumed or examined: the next reader (TLS or HTTP) sees the same bytes.
        input.AdvanceTo(buffer.Start, buffer.Start);
        return first == HandshakeRecord;
    }
}

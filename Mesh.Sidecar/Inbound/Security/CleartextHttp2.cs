using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Sidecar.Inbound.Security;

/// <summary>
/// Kestrel's HTTP/2 handling for the plain-text connections a listener's sniffer recognises by the HTTP/2 preface: a
/// peer sidecar's plain-text hop on the inbound listener, an app's gRPC call on an outbound listener, a gRPC client at
/// the gateway. Kestrel speaks HTTP/2 without TLS only on an endpoint that speaks nothing else, while those listeners
/// must keep HTTP/1.1; so a second endpoint, HTTP/2 only, is bound on a loopback port of its own, and its HTTP handler
/// serves those connections. A connection made to that port directly is closed at once: every connection passes its
/// listener's checks (on the inbound listener, PeerAuthentication's mode).
/// </summary>
internal sealed class CleartextHttp2
{
    private ConnectionDelegate? _handler;
    private ListenOptions? _listen;

    /// <summary>The HTTP/2 handler, once Kestrel has built the endpoint (before the inbound listener, which is bound after it).</summary>
    public ConnectionDelegate? Handler => Volatile.Read(ref _handler);

    /// <summary>The endpoint's bound port (0 before binding), for tests and diagnostics.</summary>
    public int Port => (_listen?.EndPoint as IPEndPoint)?.Port ?? 0;

    /// <summary>Makes <paramref name="listen"/> the HTTP/2-only endpoint whose handler is borrowed.</summary>
    public void Configure(ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        _listen = listen;
        listen.Protocols = HttpProtocols.Http2;
        listen.Use(http =>
        {
            Volatile.Write(ref _handler, http);
            return static _ => Task.CompletedTask;
        });
    }
}

using Mesh.Sidecar.Inbound.Security;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Sidecar.Listeners;

/// <summary>
/// Lets a plain-text listener serve HTTP/2 with prior knowledge (h2c), what a .NET <c>GrpcChannel</c> speaks to an
/// <c>http://</c> address, beside HTTP/1.1 on the same port: the first bytes tell them apart (<see cref="ConnectionSniffer"/>,
/// the HTTP/2 connection preface), and an HTTP/2 connection is served by the handler of the HTTP/2-only endpoint
/// (<see cref="CleartextHttp2"/>), any other by the listener's own HTTP/1.1. For the outbound listeners (the app's calls)
/// and the ingress gateway's listener; the inbound listener does the same within its PeerAuthentication checks.
/// </summary>
internal sealed class PriorKnowledgeHttp2(CleartextHttp2 http2, TimeProvider time)
{
    /// <summary>Adds the sniffing to <paramref name="listen"/>.</summary>
    public void Configure(ListenOptions listen)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.Use(http1 => connection => DispatchAsync(connection, http1));
    }

    private async Task DispatchAsync(ConnectionContext connection, ConnectionDelegate http1)
    {
        // Silent as long as the inbound listener allows, then closed as Envoy's listener filter timeout closes it.
        var sniffed = await ConnectionSniffer.SniffAsync(connection, InboundSecurity.SniffTimeout, time);
        var next = sniffed switch
        {
            SniffedProtocol.Closed or SniffedProtocol.Silent => null,
            // Bound before every listener, so its handler is there; were it not, HTTP/1.1's parser refuses the preface.
            SniffedProtocol.Http2 => http2.Handler ?? http1,
            _ => http1,
        };
        if (next is not null)
        {
            await next(connection);
        }
    }
}

using System.Net;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Inbound.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Listeners;

/// <summary>
/// Binds Kestrel to the sidecar's listeners, all on 127.0.0.1: inbound, admin and one per outbound upstream.
/// Only these; URLs from <c>ASPNETCORE_URLS</c> are ignored. A sidecar's inbound listener takes mutual TLS per its
/// PeerAuthentication; the gateway's is the mesh's front door for browsers and stays plain HTTP. A sidecar also binds
/// an HTTP/2-only endpoint on a port of its own that serves nothing directly (<see cref="CleartextHttp2"/>).
/// </summary>
internal sealed class KestrelListenerSetup(IOptions<SidecarOptions> options, ListenerPorts ports, InboundSecurity security, CleartextHttp2 http2)
    : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var settings = options.Value;

        // A proxy passes bodies of any size through, as Envoy does by default; the app sets its own limits.
        kestrel.Limits.MaxRequestBodySize = null;
        // Nor does Envoy ask a request body for a minimum data rate (Kestrel's default is 240 bytes/s after 5 s): a
        // client stream may send a message now and then. Its silence is bounded by the stream idle timeout instead.
        kestrel.Limits.MinRequestBodyDataRate = null;
        kestrel.AddServerHeader = false;
        // Peer sidecars do the TLS below their HTTP client (MutualTlsConnector) and send :scheme http over it, the
        // scheme the app called with; Kestrel refuses an HTTP/2 :scheme that differs from the transport's unless told.
        kestrel.AllowAlternateSchemes = true;

        var secured = settings.Mode == ProxyMode.Sidecar;
        if (secured)
        {
            // Bound first (Kestrel binds in this order), so its handler is there for the inbound listener's first connection.
            kestrel.Listen(IPAddress.Loopback, 0, http2.Configure);
        }

        Listen(kestrel, new ListenerBinding(ListenerKind.Inbound, 0), settings.Listeners.Inbound ?? 0, secured ? security.Configure : null);
        Listen(kestrel, new ListenerBinding(ListenerKind.Admin, 0), settings.Listeners.Admin ?? 0);
        for (var i = 0; i < settings.Outbound.Count; i++)
        {
            Listen(kestrel, new ListenerBinding(ListenerKind.Outbound, i), settings.Outbound[i].Port ?? 0);
        }
    }

    private void Listen(KestrelServerOptions kestrel, ListenerBinding binding, int port, Action<ListenOptions>? configure = null) =>
        kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            ports.Track(binding, listen);
            configure?.Invoke(listen);
        });
}

using System.Net;
using System.Net.Sockets;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Inbound.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Listeners;

/// <summary>
/// Binds Kestrel to the sidecar's listeners, all on loopback: inbound, admin, one per outbound upstream, and the app's
/// published port when the sidecar holds it (inbound capture). Only these; URLs from <c>ASPNETCORE_URLS</c> are ignored.
/// A sidecar's inbound listener takes mutual TLS per its PeerAuthentication; the gateway's is the mesh's front door for browsers and stays plain HTTP. Every plain-text listener
/// also takes HTTP/2 with prior knowledge (gRPC's clear text), served by an HTTP/2-only endpoint bound on a port of its
/// own that serves nothing directly (<see cref="CleartextHttp2"/>, <see cref="PriorKnowledgeHttp2"/>).
/// </summary>
internal sealed class KestrelListenerSetup(IOptions<SidecarOptions> options, ListenerPorts ports, InboundSecurity security, CleartextHttp2 http2,
    PriorKnowledgeHttp2 h2c) : IConfigureOptions<KestrelServerOptions>
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
        // Bound first (Kestrel binds in this order), so its handler is there for the other listeners' first connections.
        kestrel.Listen(IPAddress.Loopback, 0, http2.Configure);

        Listen(kestrel, new ListenerBinding(ListenerKind.Inbound, 0), settings.Listeners.Inbound ?? 0, secured ? security.Configure : h2c.Configure);
        Listen(kestrel, new ListenerBinding(ListenerKind.Admin, 0), settings.Listeners.Admin ?? 0);
        if (secured && settings.Listeners.Captured is { } captured)
        {
            // The app's published port, taken in the app's place: the same inbound stack as the peers' port, so a caller
            // outside the mesh meets PeerAuthentication, authorization, rate limits and metrics as a plain-text client of Istio.
            // The app listened on 'localhost' (both loopback addresses), and so does its stand-in: a caller may try either.
            ListenLocalhost(kestrel, ListenerBinding.Captured, captured, security.Configure);
        }

        for (var i = 0; i < settings.Outbound.Count; i++)
        {
            Listen(kestrel, new ListenerBinding(ListenerKind.Outbound, i), settings.Outbound[i].Port ?? 0, h2c.Configure);
        }
    }

    private void ListenLocalhost(KestrelServerOptions kestrel, ListenerBinding binding, int port, Action<ListenOptions> configure)
    {
        if (port == 0 || !Socket.OSSupportsIPv6)
        {
            // Kestrel binds 'localhost' to a fixed port only; port 0 (tests) gets IPv4 loopback.
            Listen(kestrel, binding, port, configure);
            return;
        }

        kestrel.ListenLocalhost(port, Tracked(binding, configure));
    }

    private void Listen(KestrelServerOptions kestrel, ListenerBinding binding, int port, Action<ListenOptions>? configure = null) =>
        kestrel.Listen(IPAddress.Loopback, port, Tracked(binding, configure));

    /// <summary>A listener's set-up that first records it, so the dispatch table finds it by its bound port.</summary>
    private Action<ListenOptions> Tracked(ListenerBinding binding, Action<ListenOptions>? configure) => listen =>
    {
        ports.Track(binding, listen);
        configure?.Invoke(listen);
    };
}

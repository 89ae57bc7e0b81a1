using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Configuration;

/// <summary>
/// Binds Kestrel to the sidecar's listeners, all on 127.0.0.1: inbound, admin and one per outbound upstream.
/// Only these; URLs from <c>ASPNETCORE_URLS</c> are ignored.
/// </summary>
internal sealed class KestrelListenerSetup(IOptions<SidecarOptions> options, ListenerPorts ports) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var settings = options.Value;

        // A proxy passes bodies of any size through, as Envoy does by default; the app sets its own limits.
        kestrel.Limits.MaxRequestBodySize = null;
        kestrel.AddServerHeader = false;

        Listen(kestrel, new ListenerBinding(ListenerKind.Inbound, 0), settings.Listeners.Inbound ?? 0);
        Listen(kestrel, new ListenerBinding(ListenerKind.Admin, 0), settings.Listeners.Admin ?? 0);
        for (var i = 0; i < settings.Outbound.Count; i++)
        {
            Listen(kestrel, new ListenerBinding(ListenerKind.Outbound, i), settings.Outbound[i].Port ?? 0);
        }
    }

    private void Listen(KestrelServerOptions kestrel, ListenerBinding binding, int port) =>
        kestrel.Listen(IPAddress.Loopback, port, listen => ports.Track(binding, listen));
}

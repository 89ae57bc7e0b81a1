using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Gateway;
using Mesh.Sidecar.Inbound;
using Mesh.Sidecar.Outbound;
using Mesh.Sidecar.Telemetry;

namespace Mesh.Sidecar.Listeners;

/// <summary>
/// Sends each request to its listener by the local port it arrived on: inbound and outbound requests are
/// proxied here and end here; admin requests continue to the admin endpoints.
/// </summary>
internal sealed class ListenerDispatchMiddleware(RequestDelegate next, ListenerPorts ports, InboundProxy inbound, OutboundProxies outbound, GatewayProxy gateway,
    Microsoft.Extensions.Options.IOptions<SidecarOptions> options)
{
    private readonly bool _isGateway = options.Value.Mode == ProxyMode.Gateway;

    public Task InvokeAsync(HttpContext context)
    {
        var table = ports.Table;
        if (table is null || !table.TryGetValue(context.Connection.LocalPort, out var listener))
        {
            // Only between Kestrel binding and the host reporting started: nothing knows the ports yet.
            ServerSpan.Begin(context, housekeeping: true);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        }

        ServerSpan.Begin(context, housekeeping: listener.Kind == ListenerKind.Admin);

        return listener.Kind switch
        {
            // The ingress gateway's inbound listener is where outside callers enter the mesh.
            ListenerKind.Inbound when _isGateway => gateway.HandleAsync(context),
            ListenerKind.Inbound => inbound.HandleAsync(context),
            ListenerKind.Outbound => outbound[listener.Index].HandleAsync(context),
            _ => next(context),
        };
    }
}

using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.AspNetCore;

namespace Mesh.Sidecar.Listeners;

/// <summary>
/// Keeps the sidecar's own housekeeping out of the traces, as Envoy traces no admin request: whatever arrives on the
/// admin listener (the dashboard's and the AppHost's health checks, <c>/stats</c>, <c>/config</c>) is not traced, beside
/// the health paths the service defaults leave out already. The sidecar's calls to the control plane and its app probes
/// are not traced either (<c>ControlPlane/UntracedHandler</c>, the prober's suppression scope).
/// </summary>
internal static class HousekeepingTraces
{
    /// <summary>Wraps the ASP.NET Core trace filter the service defaults set, so admin requests are left out too.</summary>
    public static void Exclude(IServiceCollection services) =>
        services.AddOptions<AspNetCoreTraceInstrumentationOptions>().Configure<ListenerPorts>((options, ports) =>
        {
            var inner = options.Filter;
            options.Filter = context => !IsAdmin(ports, context) && (inner?.Invoke(context) ?? true);
        });

    private static bool IsAdmin(ListenerPorts ports, HttpContext context) =>
        ports.Table is { } table && table.TryGetValue(context.Connection.LocalPort, out var listener) && listener.Kind == ListenerKind.Admin;
}

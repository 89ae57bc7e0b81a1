using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.ControlPlane;
using Mesh.Sidecar.Telemetry;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Admin;

/// <summary>
/// The admin listener's endpoints, after Envoy's admin port: <c>/healthz</c>, <c>/readyz</c>,
/// <c>/config</c>, <c>/stats</c> and <c>/clusters</c>. Only requests on the admin port reach them.
/// </summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", static context => context.Response.WriteAsync("ok"));
        endpoints.MapGet("/readyz", static context =>
        {
            var report = Readiness.Evaluate(
                context.RequestServices.GetRequiredService<SnapshotStore>().Current,
                context.RequestServices.GetRequiredService<ControlPlaneState>().Read(),
                context.RequestServices.GetRequiredService<AppHealth>().Serving,
                context.RequestServices.GetRequiredService<IOptions<SidecarOptions>>().Value.ControlPlane!);
            context.Response.StatusCode = report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            return context.Response.WriteAsJsonAsync(report, AdminJsonContext.Default.ReadinessReport);
        });
        endpoints.MapGet("/config", static context =>
            context.Response.WriteAsJsonAsync(AdminViews.Config(context.RequestServices), AdminJsonContext.Default.ConfigDump));
        endpoints.MapGet("/stats", static context =>
            context.Response.WriteAsJsonAsync(AdminViews.Stats(context.RequestServices.GetRequiredService<TrafficStats>()), AdminJsonContext.Default.StatsReport));
        endpoints.MapGet("/clusters", static context =>
            context.Response.WriteAsJsonAsync(AdminViews.Clusters(context.RequestServices), AdminJsonContext.Default.ClustersReport));
        return endpoints;
    }
}

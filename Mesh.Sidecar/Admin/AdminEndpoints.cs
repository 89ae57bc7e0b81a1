using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.ControlPlane;
using Mesh.Sidecar.Identity;
using Mesh.Sidecar.Telemetry;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Admin;

/// <summary>
/// The admin listener's endpoints, after Envoy's admin port: <c>/healthz</c>, <c>/readyz</c>,
/// <c>/config</c>, <c>/certs</c>, <c>/stats</c>, <c>/stats/prometheus</c> (Istio's metrics for Prometheus) and <c>/clusters</c>.
/// Only requests on the admin port reach them.
/// </summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", static context => context.Response.WriteAsync("ok"));
        endpoints.MapGet("/readyz", static context =>
        {
            var report = Readiness.Evaluate(
                context.RequestServices.GetRequiredService<SnapshotApplier>().Current,
                context.RequestServices.GetRequiredService<ControlPlaneState>().Read(),
                context.RequestServices.GetRequiredService<AppHealth>().Serving,
                context.RequestServices.GetRequiredService<SidecarIdentity>().ControlPlane,
                context.RequestServices.GetRequiredService<WorkloadIdentity>() is { Enabled: true, Current: null });
            context.Response.StatusCode = report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            return context.Response.WriteAsJsonAsync(report, AdminJsonContext.Default.ReadinessReport);
        });
        endpoints.MapGet("/config", static context =>
            context.Response.WriteAsJsonAsync(AdminViews.Config(context.RequestServices), AdminJsonContext.Default.ConfigDump));
        endpoints.MapGet("/certs", static context =>
            context.Response.WriteAsJsonAsync(Certificates(context.RequestServices.GetRequiredService<WorkloadIdentity>()), AdminJsonContext.Default.CertificatesView));
        endpoints.MapGet("/stats", static context =>
            context.Response.WriteAsJsonAsync(AdminViews.Stats(context.RequestServices.GetRequiredService<TrafficStats>()), AdminJsonContext.Default.StatsReport));
        endpoints.MapPrometheusScraping(PrometheusScrapingExtensions.EnvoyPath);
        endpoints.MapGet("/clusters", static context =>
            context.Response.WriteAsJsonAsync(AdminViews.Clusters(context.RequestServices), AdminJsonContext.Default.ClustersReport));
        return endpoints;
    }

    private static CertificatesView Certificates(WorkloadIdentity identity)
    {
        var current = identity.Current;
        return new CertificatesView(identity.Identity.Uri, current is not null, current?.Fingerprint,
            current?.Certificate.NotBefore.ToUniversalTime(), current?.NotAfter, current?.RenewAt, current?.Root.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Service defaults for every .NET process of this repository (apps, sidecars, control plane):
/// OpenTelemetry to the Aspire dashboard, health endpoints and service discovery.
/// </summary>
/// <remarks>
/// Unlike Aspire's template this adds no standard resilience handler to <c>HttpClient</c>s: behind a
/// sidecar that owns retries, retries in the app would multiply (ARCHITECTURE.md, "How the code is laid out").
/// </remarks>
public static class ServiceDefaultsExtensions
{
    /// <summary>Path of the readiness endpoint mapped by <see cref="MapDefaultEndpoints"/>.</summary>
    public const string HealthPath = "/health";

    /// <summary>Path of the liveness endpoint mapped by <see cref="MapDefaultEndpoints"/>.</summary>
    public const string AlivePath = "/alive";

    /// <summary>Adds OpenTelemetry, default health checks and service discovery for <c>HttpClient</c>s.</summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="meters">Extra meter names to export (for example the sidecar's own meter).</param>
    /// <param name="activitySources">Extra activity sources to export.</param>
    /// <param name="httpMetrics">
    /// Whether to export ASP.NET Core's and <c>HttpClient</c>'s request metrics. The sidecar passes false: it records
    /// each request in Istio's metrics (<c>mesh.requests</c>, <c>mesh.request.duration</c>) and a second set per request
    /// would cost CPU on every hop for figures the app's own metrics and the mesh's already give.
    /// </param>
    /// <param name="httpClientSpans">
    /// Whether <c>HttpClient</c> sends get spans of their own. The sidecar passes false: its span of each upstream try
    /// (Envoy's <c>router … egress</c>) already covers the send, and its forwarding handler puts that span's context on
    /// the request (Mesh.Sidecar's <c>Primitives/SpanHeaders</c>).
    /// </param>
    /// <param name="serverSpanInstrumentation">
    /// Whether OpenTelemetry's ASP.NET Core instrumentation filters and tags each request's server span. The sidecar passes
    /// false: ASP.NET Core still makes the span (its activity source is listened to), and the sidecar, which names and
    /// tags it anyway, sets the few HTTP tags and leaves its housekeeping out itself, without a diagnostic event and a
    /// listener per request.
    /// </param>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder, string[]? meters = null, string[]? activitySources = null,
        bool httpMetrics = true, bool httpClientSpans = true, bool serverSpanInstrumentation = true)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureOpenTelemetry(meters ?? [], activitySources ?? [], httpMetrics, httpClientSpans, serverSpanInstrumentation);
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddServiceDiscovery());
        return builder;
    }

    private static void ConfigureOpenTelemetry<TBuilder>(this TBuilder builder, string[] meters, string[] activitySources, bool httpMetrics,
        bool httpClientSpans, bool serverSpanInstrumentation)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                if (httpMetrics)
                {
                    metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                }

                metrics.AddRuntimeInstrumentation().AddMeter(meters);
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(builder.Environment.ApplicationName)
                    .AddSource(activitySources);
                if (serverSpanInstrumentation)
                {
                    // Health probes run every second or two; tracing them buries real traffic.
                    tracing.AddAspNetCoreInstrumentation(options => options.Filter = context => !IsHealthProbe(context.Request.Path));
                }
                else
                {
                    tracing.AddSource(AspNetCoreActivitySource);
                }

                if (httpClientSpans)
                {
                    tracing.AddHttpClientInstrumentation();
                }
            });

        // Export only when Aspire (or the user) gave an endpoint, so processes run fine outside Aspire too.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
    }

    /// <summary>The activity source ASP.NET Core makes each request's server span from.</summary>
    public const string AspNetCoreActivitySource = "Microsoft.AspNetCore";

    /// <summary>Whether <paramref name="path"/> is a health or readiness probe's, which no trace records.</summary>
    public static bool IsHealthProbe(PathString path) =>
        path.StartsWithSegments(HealthPath) || path.StartsWithSegments(AlivePath)
        || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");

    private static void AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder =>
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

    /// <summary>Maps <c>/health</c> (all checks) and <c>/alive</c> (liveness checks only).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(HealthPath);
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        return app;
    }
}

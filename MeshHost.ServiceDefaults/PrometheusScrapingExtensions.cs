using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A Prometheus scrape endpoint (text exposition format) for a process's own meters, beside the OTLP export to the
/// dashboard. It has a meter provider of its own, so the names it exposes can be those existing Prometheus queries and
/// Grafana dashboards expect (Istio's <c>istio_requests_total</c>, ...) while the dashboard keeps the OpenTelemetry names.
/// </summary>
public static class PrometheusScrapingExtensions
{
    /// <summary>Envoy's (and so Istio's sidecars') scrape path on the admin port.</summary>
    public const string EnvoyPath = "/stats/prometheus";

    /// <summary>Prometheus's conventional scrape path.</summary>
    public const string MetricsPath = "/metrics";

    private const string ProviderKey = "prometheus";

    /// <summary>Collects <paramref name="meters"/> for <see cref="MapPrometheusScraping"/>.</summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="meters">The meters to expose.</param>
    /// <param name="names">
    /// Instruments exposed under a name of their own, which is then written as given (no unit or <c>_total</c> suffix
    /// added, so give the whole Prometheus name), each with its histogram buckets if it is a histogram (null: the
    /// exporter's). Null: every instrument under its OpenTelemetry name with Prometheus's suffixes.
    /// </param>
    public static TBuilder AddPrometheusScraping<TBuilder>(this TBuilder builder, string[] meters, IReadOnlyList<PrometheusName>? names = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(meters);
        builder.Services.AddKeyedSingleton<MeterProvider>(ProviderKey, (_, _) =>
        {
            var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meters);
            foreach (var name in names ?? [])
            {
                provider.AddView(name.Instrument, name.Buckets is { } buckets
                    ? new ExplicitBucketHistogramConfiguration { Name = name.Name, Boundaries = buckets }
                    : new MetricStreamConfiguration { Name = name.Name });
            }

            return provider.AddPrometheusExporter(options =>
            {
                options.TranslationStrategy = names is null
                    ? PrometheusAspNetCoreTranslationStrategy.UnderscoreEscapingWithSuffixes
                    : PrometheusAspNetCoreTranslationStrategy.UnderscoreEscapingWithoutSuffixes;
                // A scrape reads the current values: the exporter's default would serve the same text for 300 ms.
                options.ScrapeResponseCacheDurationMilliseconds = 0;
            }).Build();
        });
        return builder;
    }

    /// <summary>Maps <c>GET <paramref name="path"/></c> to the scrape of the meters <see cref="AddPrometheusScraping"/> collects.</summary>
    public static IEndpointConventionBuilder MapPrometheusScraping(this IEndpointRouteBuilder endpoints, string path)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Resolved now, so the provider listens from startup on, not from the first scrape.
        var provider = endpoints.ServiceProvider.GetRequiredKeyedService<MeterProvider>(ProviderKey);
        return endpoints.MapPrometheusScrapingEndpoint(path, provider, configureBranchedPipeline: null, optionsName: null)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
    }
}

/// <summary>An instrument's name in the Prometheus exposition (and its histogram buckets).</summary>
/// <param name="Instrument">The OpenTelemetry instrument, e.g. <c>mesh.requests</c>.</param>
/// <param name="Name">The whole Prometheus name, e.g. <c>istio_requests_total</c>.</param>
/// <param name="Buckets">A histogram's bucket boundaries; null for other instruments or the exporter's defaults.</param>
public sealed record PrometheusName(string Instrument, string Name, double[]? Buckets = null);

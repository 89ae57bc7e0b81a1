using Mesh.Model.Conventions;
using Mesh.ControlPlane.Api;
using Mesh.ControlPlane.Api.Access;
using Mesh.ControlPlane.Certificates;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Graph;
using Mesh.ControlPlane.Push;
using Mesh.ControlPlane.Registry;
using Mesh.ControlPlane.Telemetry;
using Mesh.ControlPlane.Web;
using Mesh.Model.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.AspNetCore;

namespace Mesh.ControlPlane;

/// <summary>
/// Builds the control plane's web application. Program.cs and the in-process HTTP tests share it, so the
/// tests run exactly what Aspire runs (only the URLs and settings differ, through <c>args</c>). The composition
/// root: the only code that knows every layer (the README draws them).
/// </summary>
internal static partial class ControlPlaneApp
{
    /// <summary>Builds the app; it listens where <c>ASPNETCORE_URLS</c> or <c>--urls</c> says.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Under a test host the entry assembly is the test runner; keep the name the telemetry uses stable.
            ApplicationName = typeof(ControlPlaneApp).Assembly.GetName().Name,
        });

        builder.AddServiceDefaults(meters: [ControlPlaneMetrics.MeterName]);
        // The control plane's own meter for Prometheus, under its OpenTelemetry names with Prometheus's suffixes.
        builder.AddPrometheusScraping([ControlPlaneMetrics.MeterName]);
        builder.Services.AddProblemDetails();
        SkipHousekeepingTraces(builder.Services);
        builder.Services.AddControlPlane();

        var app = builder.Build();
        app.UseMiddleware<LoopbackHostFilter>();
        app.UseMiddleware<RequestBodyLimit>();
        app.MapDefaultEndpoints();
        app.MapRegistryApi();
        app.MapSidecarApi();
        app.MapConfigApi();
        app.MapCertificateApi();
        app.MapGraphApi().MapMeshPage();
        app.MapPrometheusScraping(PrometheusScrapingExtensions.MetricsPath);
        app.MapPrometheusScraping(PrometheusScrapingExtensions.EnvoyPath);
        app.MapRouteIndex("Mesh control plane: admin and sidecar API");
        var build = MeshProgram.DescribeRunningBuild();
        app.Lifetime.ApplicationStarted.Register(() => Log.Started(app.Logger, build));
        return app;
    }

    /// <summary>
    /// The mesh's own housekeeping gets no trace: every sidecar reports once a second and holds its push stream open,
    /// the AppHost polls the status once a second for the dashboard, and an open mesh view holds its live feed; a trace for each would bury the user's traffic, as
    /// health probes would (which ServiceDefaults filters for the same reason). Runs after ServiceDefaults' own filter and
    /// keeps it.
    /// </summary>
    private static void SkipHousekeepingTraces(IServiceCollection services) =>
        services.Configure<AspNetCoreTraceInstrumentationOptions>(options =>
        {
            var previous = options.Filter;
            options.Filter = context =>
                !IsHousekeeping(context.Request.Path) && (previous is null || previous(context));
        });

    /// <summary>Whether a request to <paramref name="path"/> is the mesh's housekeeping: a status poll, a sidecar's report or push stream, the mesh view's feed.</summary>
    internal static bool IsHousekeeping(PathString path) =>
        path.Equals(AdminRoutes.Status, StringComparison.Ordinal)
        || path.Equals(MeshViewRoutes.GraphStream, StringComparison.Ordinal)
        || (path.StartsWithSegments("/v1/sidecars", StringComparison.Ordinal, out var rest)
            && rest.HasValue
            && (rest.Value!.EndsWith("/report", StringComparison.Ordinal) || rest.Value.EndsWith("/stream", StringComparison.Ordinal)));

    /// <summary>Registers every layer, bottom up: registry, configuration, push, certificate authority, admin access.</summary>
    public static IServiceCollection AddControlPlane(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ControlPlaneMetrics>();

        services.AddOptions<RegistryOptions>().BindConfiguration(RegistryOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>();
        services.AddSingleton<WorkloadRegistry>();
        services.AddSingleton<IRegistryReader>(sp => sp.GetRequiredService<WorkloadRegistry>());
        services.AddHostedService<LeaseSweeper>();

        services.AddOptions<ConfigSourceOptions>().BindConfiguration(ConfigSourceOptions.SectionName);
        services.AddSingleton<ConfigChecker>();
        services.AddSingleton<RuntimeChangeLog>();
        services.AddSingleton<ConfigRejections>();
        services.AddSingleton<ConfigStore>();
        services.AddHostedService<ConfigLoader>();

        // The push layer hears of registry and configuration changes as their observer.
        services.AddOptions<PushOptions>().BindConfiguration(PushOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PushOptions>, PushOptionsValidator>();
        services.AddSingleton<ISnapshotCompiler, SnapshotCompiler>();
        services.AddSingleton<SnapshotPublisher>();
        services.AddSingleton<IRegistryObserver>(sp => sp.GetRequiredService<SnapshotPublisher>());
        services.AddSingleton<IConfigObserver>(sp => sp.GetRequiredService<SnapshotPublisher>());
        services.AddSingleton<StartupSyncGate>();
        services.AddSingleton<IRegistryObserver>(sp => sp.GetRequiredService<StartupSyncGate>());
        services.AddSingleton<SidecarStreamHandler>();

        services.AddOptions<CertificateOptions>().BindConfiguration(CertificateOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CertificateOptions>, CertificateOptionsValidator>();
        services.AddSingleton<MeshCertificateAuthority>();
        services.AddHostedService<CertificateAuthorityStartup>();
        services.AddSingleton<BootstrapCredentials>();
        // The push layer carries the authority's root in every snapshot without knowing the authority.
        services.AddSingleton(sp => new TrustBundle([sp.GetRequiredService<MeshCertificateAuthority>().RootCertificatePem]));
        services.AddSingleton<CertificateSigningHandler>();

        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddSingleton<AdminCredential>();
        services.AddSingleton<WorkloadAuthentication>();

        services.AddSingleton<TrafficGraph>();
        services.AddSingleton<GraphBuilder>();
        return services;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Mesh control plane started: {Build} build")]
        public static partial void Started(ILogger logger, string build);
    }
}

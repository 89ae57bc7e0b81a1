using Mesh.Model.Conventions;
using Mesh.Sidecar.Admin;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.ControlPlane;
using Mesh.Sidecar.Gateway;
using Mesh.Sidecar.Identity;
using Mesh.Sidecar.Inbound.Authorization;
using Mesh.Sidecar.Inbound.Security;
using Mesh.Sidecar.Inbound;
using Mesh.Sidecar.Listeners;
using Mesh.Sidecar.Outbound.Concrete;
using Mesh.Sidecar.Outbound.Endpoints;
using Mesh.Sidecar.Outbound.Logical;
using Mesh.Sidecar.Outbound;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar;

/// <summary>
/// Builds the sidecar: its services, its listeners and its one pipeline. <c>Program.cs</c> runs it; the
/// component tests start it in process on loopback ports.
/// </summary>
internal static partial class SidecarApp
{
    /// <summary>Builds the sidecar from command-line arguments and the environment (<c>Mesh__*</c>).</summary>
    /// <param name="args">Command-line arguments (<c>--Mesh:Workload=reviews-v1</c> works as well as the environment).</param>
    /// <param name="configure">Lets tests adjust the builder (logging, configuration) before it is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);

        // Kestrel binds exactly the listeners in Mesh:Listeners and Mesh:Outbound; ASPNETCORE_URLS and HTTP_PORTS
        // do not apply. An empty value would fall back to them (and Kestrel would warn that it overrides them);
        // ";" is a non-empty list of no addresses.
        builder.WebHost.UseUrls(";")
            .UseSetting(WebHostDefaults.HttpPortsKey, string.Empty)
            .UseSetting(WebHostDefaults.HttpsPortsKey, string.Empty);
        // Kestrel's half of inline sockets (Primitives/InlineSockets): request code runs where the read completed.
        builder.Services.Configure<SocketTransportOptions>(sockets => sockets.UnsafePreferInlineScheduling = InlineSockets.Enabled);
        // No log line per request by default: logging on the hot path costs more than the proxying. YARP's
        // forwarder writes two Information lines per request ("Proxying to", "Received response"); without them
        // bench/ measured 1.7x the mesh path's maximum throughput. Requests the mesh answered or cut itself are
        // still logged, once each with their response flag (Telemetry/ResponseFlagLog). Configuration can turn YARP's
        // lines back on (Logging__LogLevel__Microsoft.AspNetCore=Information, Logging__LogLevel__Yarp=Information),
        // so this is the first source.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData =
            [
                new("Logging:LogLevel:Microsoft.AspNetCore", nameof(LogLevel.Warning)),
                new("Logging:LogLevel:Yarp", nameof(LogLevel.Warning)),
            ],
        });
        // One span per hop and one per upstream try, as Envoy: no HttpClient span under each try (it timed the same send
        // again, and every span is CPU in the sidecar and in the dashboard that stores it; bench/README.md).
        // The request's server span is ASP.NET Core's, tagged and filtered by the sidecar itself (Telemetry/ServerSpan).
        builder.AddServiceDefaults(meters: [SidecarMetrics.MeterName], activitySources: ["Yarp.ReverseProxy", AttemptSpan.SourceName], httpMetrics: false,
            httpClientSpans: false, serverSpanInstrumentation: false);
        builder.AddPrometheusScraping([SidecarMetrics.MeterName], PrometheusNames.Istio);
        AddSidecar(builder.Services);
        configure?.Invoke(builder);

        var app = builder.Build();
        var ports = app.Services.GetRequiredService<ListenerPorts>();
        app.Lifetime.ApplicationStarted.Register(ports.Complete);
        // Said once, so a slow or heavy sidecar can be told from an unoptimized one (eng/MeshPrograms.targets).
        var build = MeshProgram.DescribeRunningBuild();
        // Registered first so that it is said second: the host runs these callbacks last-registered first.
        if (MachineTrustStore.Decision is { } trustStore)
        {
            app.Lifetime.ApplicationStarted.Register(() => Log.MachineTrustStore(app.Logger, trustStore));
        }

        app.Lifetime.ApplicationStarted.Register(() => Log.Started(app.Logger, build));

        app.UseMiddleware<ListenerDispatchMiddleware>();
        app.UseRouting();
        app.MapAdminEndpoints();
        app.MapRouteIndex("Mesh sidecar admin");
        return app;
    }

    /// <summary>
    /// Builds the sidecar as its own process (<c>Program.cs</c>): also what acts on the whole process, the memory given
    /// back after the start and after traffic (a compacting collection, the program image's pages). The component tests
    /// host many sidecars in one test process, whose heap and image these must not collect and drop under other tests.
    /// </summary>
    public static WebApplication BuildProgram(string[] args) => Build(args, builder =>
    {
        builder.Services.AddHostedService<StartupMemoryTrim>();
        builder.Services.AddHostedService<IdleMemoryTrim>();
    });

    // Registered bottom-up, in the order of the layers (Mesh.Sidecar/README.md).
    private static void AddSidecar(IServiceCollection services)
    {
        // Configuration: startup settings, validated once into the identity everything else reads.
        services.AddOptions<SidecarOptions>().BindConfiguration(SidecarOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SidecarOptions>, SidecarOptionsValidator>();
        services.AddSingleton(sp => SidecarIdentity.From(sp.GetRequiredService<IOptions<SidecarOptions>>()));
        services.TryAddSingleton(TimeProvider.System);
        // Thread-safe; tests replace it with a scripted source so weighted picks and rolls are exact.
        services.TryAddSingleton(Random.Shared);
        services.AddSingleton(new Watch<InboundPolicy>(InboundPolicy.Default));
        services.AddSingleton(new Watch<OutboundModel>(OutboundModel.Empty));

        // Telemetry and identity, shared by both stacks.
        services.AddSingleton<SidecarMetrics>();
        services.AddSingleton<ResponseFlagLog>();
        services.AddSingleton<AccessLog>();
        services.AddSingleton<RequestSpan>();
        services.AddSingleton<RequestRecorder>();
        services.AddSingleton(sp => new TrafficStats(sp.GetRequiredService<SidecarIdentity>().Workload));
        services.AddSingleton<WorkloadIdentity>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<SidecarOptions>>().Value;
            return new MeshTrust(settings.RootPin, settings.Token);
        });

        // Inbound stack: identity (TLS) -> authorization -> rate limit -> app.
        services.AddHttpForwarder();
        services.AddSingleton<CleartextHttp2>();
        services.AddSingleton<InboundSecurity>();
        services.AddSingleton<InboundAuthorization>();
        services.AddSingleton<AppForwarder>();
        services.AddSingleton<InboundPolicyCompiler>();
        services.AddSingleton<InboundProxy>();

        // Outbound stack: logical (routes) -> concrete (clusters) -> endpoints (pools, mutual TLS).
        services.AddSingleton<MutualTlsConnector>();
        services.AddSingleton<PeerConnections>();
        services.AddSingleton<ClusterStates>();
        services.AddSingleton<MirrorSender>();
        services.AddSingleton(sp => new RouteForwarder(
            sp.GetRequiredService<Yarp.ReverseProxy.Forwarder.IHttpForwarder>(),
            sp.GetRequiredService<PeerConnections>(),
            sp.GetRequiredService<MirrorSender>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Random>(),
            sp.GetRequiredService<IOptions<SidecarOptions>>().Value.FaultHeaders));
        services.AddSingleton<OutboundCompiler>();
        services.AddSingleton(CreateOutboundProxies);
        services.AddSingleton<GatewayProxy>();

        // Listeners: Kestrel's bindings and the dispatch by port.
        services.AddSingleton<ListenerPorts>();
        services.AddSingleton<PriorKnowledgeHttp2>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelListenerSetup>();

        // The control plane's client: snapshots into the stacks, certificates into the identity, reports out.
        services.AddSingleton<ControlPlaneHttp>();
        services.AddSingleton<SnapshotApplier>();
        services.AddSingleton<ControlPlaneState>();
        services.AddSingleton<AppHealth>();
        services.AddSingleton<ReportSignal>();
        services.AddSingleton<WorkloadRegistrationFactory>();
        services.AddHostedService<CertificateRenewer>();
        services.AddHostedService<ControlPlaneClient>();
        services.AddHostedService<SidecarReporter>();
        services.AddHostedService<AppProber>();
    }

    private static OutboundProxies CreateOutboundProxies(IServiceProvider services)
    {
        var settings = services.GetRequiredService<IOptions<SidecarOptions>>().Value;
        var proxies = new OutboundProxy[settings.Outbound.Count];
        for (var i = 0; i < proxies.Length; i++)
        {
            proxies[i] = new OutboundProxy(i, settings.Outbound[i],
                services.GetRequiredService<SidecarIdentity>(),
                services.GetRequiredService<Watch<OutboundModel>>(),
                services.GetRequiredService<RouteForwarder>(),
                services.GetRequiredService<RequestRecorder>(),
                services.GetRequiredService<TrafficStats>());
        }

        return new OutboundProxies(proxies);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Mesh sidecar started: {Build} build")]
        public static partial void Started(ILogger logger, string build);

        [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "Machine trust store: {Decision}")]
        public static partial void MachineTrustStore(ILogger logger, string decision);
    }
}

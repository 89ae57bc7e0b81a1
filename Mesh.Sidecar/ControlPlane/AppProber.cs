using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Inbound;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>
/// Probes the local app every second, as a Kubernetes readiness probe: the app serves when it answers
/// with a status below 500 within the timeout. A 404 counts as serving, because an app without a health
/// endpoint still answers. An app that speaks HTTP/2 (<c>Mesh:AppProtocol</c> <c>http2</c>, a gRPC service) is probed with
/// gRPC's health protocol instead, or a TCP connect when it has no health service (<see cref="GrpcHealthProbe"/>).
/// A change is reported at once so callers stop picking a dead workload fast. Until the app
/// first serves, it is probed every <see cref="StartupInterval"/> instead (a Kubernetes startup probe's job): at
/// start-up each second between probes is a second a ready app waits for its first request.
/// </summary>
internal sealed partial class AppProber(
    IOptions<SidecarOptions> options,
    SidecarIdentity identity,
    AppForwarder app,
    AppHealth health,
    ReportSignal reportSignal,
    TimeProvider time,
    ILogger<AppProber> logger) : BackgroundService
{
    /// <summary>How often an app that has not served yet is probed (the configured interval if that is shorter).</summary>
    public static readonly TimeSpan StartupInterval = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var startupInterval = settings.AppProbeInterval < StartupInterval ? settings.AppProbeInterval : StartupInterval;
        var servedOnce = false;
        if (settings.Mode == ProxyMode.Gateway)
        {
            // The ingress gateway has no app to probe.
            health.Update(serving: true, "gateway: no local app");
            return;
        }

        var grpc = identity.AppProtocol == AppProtocol.Http2;
        var target = new Uri(identity.App + (grpc ? GrpcHealthProbe.CheckPath : settings.AppProbePath));
        while (!stoppingToken.IsCancellationRequested)
        {
            var (serving, detail) = await ProbeAsync(target, grpc, settings.AppProbeTimeout, stoppingToken);
            servedOnce |= serving;
            if (health.Update(serving, detail))
            {
                if (serving)
                {
                    Log.AppServing(logger, target, detail);
                }
                else
                {
                    Log.AppNotServing(logger, target, detail);
                }

                reportSignal.Set();
            }

            try
            {
                await Task.Delay(servedOnce ? settings.AppProbeInterval : startupInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<(bool Serving, string Detail)> ProbeAsync(Uri target, bool grpc, TimeSpan timeout, CancellationToken stoppingToken)
    {
        // Probes are the sidecar's own chatter: keep them out of the app's traces.
        using var suppress = SuppressInstrumentationScope.Begin();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        attempt.CancelAfter(timeout);
        try
        {
            if (grpc)
            {
                return await GrpcHealthProbe.ProbeAsync(app.Invoker, target, attempt.Token);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            using var response = await app.Invoker.SendAsync(request, attempt.Token);
            var status = (int)response.StatusCode;
            return (status < 500, $"HTTP {status}");
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (false, $"no answer within {timeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException ex)
        {
            return (false, ControlPlaneClient.Describe(ex));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(431, LogLevel.Information, "App {App} is serving ({Detail})")]
        public static partial void AppServing(ILogger logger, Uri app, string detail);

        [LoggerMessage(432, LogLevel.Warning, "App {App} is not serving: {Detail}. Peers stop sending to this workload until it answers")]
        public static partial void AppNotServing(ILogger logger, Uri app, string detail);
    }
}

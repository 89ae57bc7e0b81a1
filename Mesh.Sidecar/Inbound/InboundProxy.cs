using System.Diagnostics;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Connections;
using Mesh.Sidecar.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Inbound;

/// <summary>
/// The inbound listener: peers' sidecars call it; it forwards to the local app over loopback.
/// </summary>
/// <remarks>
/// An app that refuses the connection is answered <c>503</c> with flag <c>UF</c>, Envoy's answer for
/// "upstream connect error or disconnect/reset before headers. reset reason: connection failure": the
/// workload is registered but its app is not there, which is a 503 (try another endpoint), not a 502
/// (a bad answer). Other failures keep YARP's status (504 <c>UT</c> on timeout, 502 otherwise).
/// </remarks>
internal sealed class InboundProxy
{
    private readonly string _app;
    private readonly UpstreamForwarder _forwarder;
    private readonly HttpMessageInvoker _invoker;
    private readonly SidecarMetrics _metrics;
    private readonly DestinationStats _stats;
    private readonly RequestLabels _labels;
    private readonly string _workload;
    private readonly string _version;

    public InboundProxy(IOptions<SidecarOptions> options, UpstreamForwarder forwarder, SidecarConnections connections, SidecarMetrics metrics, TrafficStats stats)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(stats);
        var settings = options.Value;
        _app = settings.App!.TrimEnd('/');
        _forwarder = forwarder;
        _invoker = connections.App;
        _metrics = metrics;
        _stats = stats.Inbound;
        _workload = settings.Workload!;
        _version = settings.Version;
        _labels = new RequestLabels("destination", SidecarMetrics.Unknown, settings.Service!);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        RequestId.Ensure(context.Request);

        var flag = await _forwarder.SendAsync(context, _app, _invoker);
        if (flag != ResponseFlag.None)
        {
            await LocalReply.WriteForwardingFailureAsync(context, flag,
                flag == ResponseFlag.UpstreamConnectionFailure ? StatusCodes.Status503ServiceUnavailable : null);
        }

        var status = context.Response.StatusCode;
        _stats.Record(status, flag);
        _metrics.Record(_labels, _workload, _version, status, flag, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}

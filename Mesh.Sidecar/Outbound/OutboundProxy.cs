using System.Diagnostics;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.ControlPlane;
using Mesh.Sidecar.Outbound.Logical;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Outbound;

/// <summary>
/// One outbound listener: the app calls it for one upstream service; it matches the request against the
/// current snapshot's routes for that service (404 <c>NR</c> when none accepts it) and lets the
/// <see cref="RouteForwarder"/> carry out the route.
/// </summary>
internal sealed class OutboundProxy
{
    private readonly int _index;
    private readonly SnapshotStore _snapshots;
    private readonly RouteForwarder _router;
    private readonly SidecarMetrics _metrics;
    private readonly ServiceStats _stats;
    private readonly RequestLabels _labels;
    private readonly ResponseFlagLog _flagLog;

    public OutboundProxy(int index, OutboundListenerOptions listener, string sourceWorkload, SnapshotStore snapshots,
        RouteForwarder router, SidecarMetrics metrics, TrafficStats stats, ResponseFlagLog flagLog)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(stats);
        _index = index;
        Name = listener.Name!;
        _snapshots = snapshots;
        _router = router;
        _metrics = metrics;
        _stats = stats.ForService(listener.EffectiveService);
        _labels = new RequestLabels("source", sourceWorkload, listener.EffectiveService);
        _flagLog = flagLog;
    }

    /// <summary>The listener's name.</summary>
    public string Name { get; }

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        RequestId.Ensure(context.Request);

        var upstream = _snapshots.Current?.Upstreams[_index];
        if (upstream is null)
        {
            // No snapshot yet: nothing is known about the upstream.
            await LocalReply.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ResponseFlag.NoHealthyUpstream, LocalReply.NoHealthyUpstream);
            Record(null, context, ResponseFlag.NoHealthyUpstream, started);
            return;
        }

        if (!upstream.Routes.TryMatch(context.Request, out var route, out var matched))
        {
            LocalReply.WriteNoRoute(context);
            Record(null, context, ResponseFlag.NoRouteFound, started);
            return;
        }

        var outcome = await _router.ForwardAsync(context, route, matched);
        Record(outcome.Endpoint, context, outcome.Flag, started);
    }

    private void Record(EndpointModel? endpoint, HttpContext context, ResponseFlag flag, long started)
    {
        var status = context.Response.StatusCode;
        _flagLog.Write(context, "outbound", endpoint?.Workload ?? _stats.Total.Destination, flag);
        _stats.Total.Record(status, flag);
        endpoint?.Stats.Record(status, flag);
        _metrics.Record(_labels, endpoint?.Workload ?? SidecarMetrics.Unknown, endpoint?.Version ?? SidecarMetrics.Unknown,
            status, flag, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}

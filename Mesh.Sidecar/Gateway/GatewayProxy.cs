using System.Diagnostics;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.ControlPlane;
using Mesh.Sidecar.Inbound.Authorization;
using Mesh.Sidecar.Outbound.Logical;
using Mesh.Sidecar.Outbound;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Gateway;

/// <summary>
/// The ingress gateway's listener: picks the snapshot's most specific host that matches the request's Host
/// (the snapshot lists them most specific first), then its first matching route, and forwards it into the
/// mesh like an outbound request. No host or no route: 404 with flag <c>NR</c>, as Istio's ingress answers.
/// AuthorizationPolicies selecting the gateway (e.g. <c>istio: ingressgateway</c> in <c>istio-system</c>) apply
/// first, to callers without a mesh identity: browsers reach the gateway in plain HTTP.
/// </summary>
internal sealed class GatewayProxy
{
    private readonly SnapshotStore _snapshots;
    private readonly RouteForwarder _router;
    private readonly SidecarMetrics _metrics;
    private readonly DestinationStats _stats;
    private readonly RequestLabels _labels;

    private readonly ResponseFlagLog _flagLog;
    private readonly InboundAuthorization _authorization;

    public GatewayProxy(IOptions<SidecarOptions> options, SnapshotStore snapshots, RouteForwarder router, SidecarMetrics metrics, TrafficStats stats,
        ResponseFlagLog flagLog, InboundAuthorization authorization)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stats);
        _snapshots = snapshots;
        _router = router;
        _metrics = metrics;
        _stats = stats.Inbound;
        _labels = new RequestLabels("source", options.Value.Workload!, SidecarMetrics.Unknown);
        _flagLog = flagLog;
        _authorization = authorization;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        RequestId.Ensure(context.Request);

        var snapshot = _snapshots.Current;
        if (snapshot is not null && !await _authorization.AuthorizeAsync(context, snapshot.Authorization, caller: null))
        {
            Record(null, context, ResponseFlag.None, started);
            return;
        }

        var host = context.Request.Host.Host;
        var table = snapshot?.GatewayHosts.FirstOrDefault(h => h.Matches(host))?.Routes;
        if (table is null || !table.TryMatch(context.Request, out var route, out var matched))
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
        _flagLog.Write(context, "gateway", endpoint?.Workload ?? SidecarMetrics.Unknown, flag);
        _stats.Record(status, flag);
        endpoint?.Stats.Record(status, flag);
        _metrics.Record(_labels, endpoint?.Workload ?? SidecarMetrics.Unknown, endpoint?.Version ?? SidecarMetrics.Unknown,
            status, flag, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}

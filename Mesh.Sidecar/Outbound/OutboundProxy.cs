using System.Diagnostics;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Connections;
using Mesh.Sidecar.Telemetry;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Outbound;

/// <summary>
/// One outbound listener: the app calls it for one upstream service; it picks an endpoint of the current
/// snapshot round-robin and forwards to that workload's sidecar.
/// </summary>
internal sealed class OutboundProxy
{
    private readonly int _index;
    private readonly SnapshotStore _snapshots;
    private readonly UpstreamForwarder _forwarder;
    private readonly HttpMessageInvoker _peers;
    private readonly SidecarMetrics _metrics;
    private readonly ServiceStats _stats;
    private readonly RequestLabels _labels;
    private readonly RoundRobinPicker _picker = new();

    public OutboundProxy(int index, OutboundListenerOptions listener, string sourceWorkload, SnapshotStore snapshots,
        UpstreamForwarder forwarder, SidecarConnections connections, SidecarMetrics metrics, TrafficStats stats)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(stats);
        _index = index;
        Name = listener.Name!;
        _snapshots = snapshots;
        _forwarder = forwarder;
        _peers = connections.Peers;
        _metrics = metrics;
        _stats = stats.ForService(listener.EffectiveService);
        _labels = new RequestLabels("source", sourceWorkload, listener.EffectiveService);
    }

    /// <summary>The listener's name.</summary>
    public string Name { get; }

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        RequestId.Ensure(context.Request);

        var endpoints = _snapshots.Current?.Upstreams[_index].Endpoints ?? [];
        if (endpoints.Length == 0)
        {
            await LocalReply.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ResponseFlag.NoHealthyUpstream, LocalReply.NoHealthyUpstream);
            Record(null, context, ResponseFlag.NoHealthyUpstream, started);
            return;
        }

        var endpoint = _picker.Pick(endpoints);
        var flag = await _forwarder.SendAsync(context, endpoint.Address, _peers);
        if (flag != ResponseFlag.None)
        {
            await LocalReply.WriteForwardingFailureAsync(context, flag);
        }

        Record(endpoint, context, flag, started);
    }

    private void Record(EndpointModel? endpoint, HttpContext context, ResponseFlag flag, long started)
    {
        var status = context.Response.StatusCode;
        _stats.Total.Record(status, flag);
        endpoint?.Stats.Record(status, flag);
        _metrics.Record(_labels, endpoint?.Workload ?? SidecarMetrics.Unknown, endpoint?.Version ?? SidecarMetrics.Unknown,
            status, flag, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}

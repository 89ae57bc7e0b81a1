using Mesh.Model.Protocol;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Outbound.Endpoints;
using Mesh.Sidecar.Outbound.Logical;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;

namespace Mesh.Sidecar.Outbound;

/// <summary>
/// One outbound listener, the entry of the outbound stack: the app calls it for one upstream service. The request gets
/// its Host and proxy headers as under Istio (<see cref="CallerHost"/>, <see cref="ProxyHeaders"/>), reads
/// the outbound model once, matches the upstream's routes (404 <c>NR</c> when none accepts it), and the logical layer
/// (<see cref="RouteForwarder"/>) carries out the route through the concrete and endpoint layers; then it is recorded.
/// </summary>
internal sealed class OutboundProxy
{
    private const string Direction = "outbound";

    private readonly int _index;
    private readonly Watch<OutboundModel> _models;
    private readonly RouteForwarder _router;
    private readonly RequestRecorder _recorder;
    private readonly DestinationStats _stats;
    private readonly RequestLabels _labels;
    private readonly EdgeStats? _unreachedEdge;

    public OutboundProxy(int index, OutboundListenerOptions listener, SidecarIdentity identity, Watch<OutboundModel> models,
        RouteForwarder router, RequestRecorder recorder, TrafficStats stats)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(stats);
        _index = index;
        Name = listener.Name ?? string.Empty;
        _models = models;
        _router = router;
        _recorder = recorder;
        _stats = stats.ForService(listener.EffectiveService).Total;
        _labels = SourceLabels.For(identity, listener.EffectiveService);
        _unreachedEdge = stats.Edges.Resolve(EdgeTelemetry.SourceReporter, identity.Workload, listener.EffectiveService, EdgeTelemetry.Unknown);
    }

    /// <summary>The listener's name.</summary>
    public string Name { get; }

    public async Task HandleAsync(HttpContext context)
    {
        var request = _recorder.Begin(context);
        CallerHost.Restore(context.Request, Name);
        ProxyHeaders.AtSidecar(context);
        var upstreams = _models.Current.Upstreams;
        if (_index >= upstreams.Length)
        {
            // No snapshot yet: nothing is known about the upstream.
            await LocalReply.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ResponseFlag.NoHealthyUpstream, LocalReply.NoHealthyUpstream);
            Finish(context, request, null, ResponseFlag.NoHealthyUpstream);
            return;
        }

        if (!upstreams[_index].Routes.TryMatch(context.Request, out var route, out var matched))
        {
            LocalReply.WriteNoRoute(context);
            Finish(context, request, null, ResponseFlag.NoRouteFound);
            return;
        }

        request.Upgrade?.Route(_labels, RequestDestination.Unknown);
        var outcome = await _router.ForwardAsync(context, route, matched);
        Finish(context, request, outcome.Endpoint, outcome.Flag, outcome.MutualTls, new UpstreamRoute(outcome.Cluster, route.Config.Name));
    }

    private void Finish(HttpContext context, in ProxyRequest request, EndpointModel? endpoint, ResponseFlag flag, bool mutualTls = false,
        in UpstreamRoute upstream = default)
    {
        // A request that reached a workload is that workload's inbound side's to count (EdgeTelemetry).
        _recorder.Finish(context, request, Direction, _labels with { MutualTls = mutualTls }, _stats, endpoint?.Destination ?? RequestDestination.Unknown, flag,
            upstream, new(endpoint is null ? _unreachedEdge : null));
    }
}

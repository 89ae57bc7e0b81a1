using Mesh.Model.Protocol;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Inbound.Authorization;
using Mesh.Sidecar.Inbound;
using Mesh.Sidecar.Outbound.Logical;
using Mesh.Sidecar.Outbound;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;

namespace Mesh.Sidecar.Gateway;

/// <summary>
/// The ingress gateway's listener, its own way into the outbound stack: the proxy headers of Istio's gateway (the
/// caller appended to <c>x-forwarded-for</c>, <c>x-forwarded-proto</c> replaced, Envoy's <c>x-envoy-*</c> control headers
/// removed: <see cref="ProxyHeaders"/>), then
/// AuthorizationPolicies selecting the gateway
/// (e.g. <c>istio: ingressgateway</c> in <c>istio-system</c>) apply first, to callers without a mesh identity (browsers
/// reach the gateway in plain HTTP); then the most specific host that matches the request's Host (the outbound model
/// lists them most specific first), its first matching route, and the outbound stack's logical layer forwards it into
/// the mesh. No host or no route: 404 with flag <c>NR</c>, as Istio's ingress answers.
/// </summary>
internal sealed class GatewayProxy(
    SidecarIdentity identity,
    Watch<OutboundModel> models,
    Watch<InboundPolicy> policies,
    InboundAuthorization authorization,
    RouteForwarder router,
    RequestRecorder recorder,
    TrafficStats stats)
{
    private const string Direction = "gateway";

    // Until a route names the service, the gateway's requests have no destination service (Istio's unknown).
    private readonly RequestLabels _labels = SourceLabels.For(identity, service: null);
    private readonly DestinationStats _stats = stats.Inbound;

    // Browsers are outside the mesh: the gateway counts their requests as the edge unknown -> gateway.
    private readonly EdgeStats? _edge = stats.Edges.Resolve(EdgeTelemetry.DestinationReporter, EdgeTelemetry.Unknown, identity.Service, identity.Workload);

    public async Task HandleAsync(HttpContext context)
    {
        var request = recorder.Begin(context);
        ProxyHeaders.AtGateway(context);
        if (!await authorization.AuthorizeAsync(context, policies.Current.Authorization, caller: null))
        {
            recorder.Finish(context, request, Direction, _labels, _stats, RequestDestination.Unknown, ResponseFlag.None, edge: new(_edge, Denied: true));
            return;
        }

        var host = context.Request.Host.Host;
        var table = Array.Find(models.Current.GatewayHosts, h => h.Matches(host))?.Routes;
        if (table is null || !table.TryMatch(context.Request, out var route, out var matched))
        {
            LocalReply.WriteNoRoute(context);
            recorder.Finish(context, request, Direction, _labels, _stats, RequestDestination.Unknown, ResponseFlag.NoRouteFound, edge: new(_edge));
            return;
        }

        request.Upgrade?.Route(_labels, RequestDestination.Unknown);
        var outcome = await router.ForwardAsync(context, route, matched);
        // The edge is the browser's, unknown -> gateway, in plain text; the labels' mutual TLS is the hop to the app's sidecar.
        recorder.Finish(context, request, Direction, _labels with { MutualTls = outcome.MutualTls }, _stats,
            outcome.Endpoint?.Destination ?? RequestDestination.Unknown, outcome.Flag, new UpstreamRoute(outcome.Cluster, route.Config.Name), new(_edge));
    }
}

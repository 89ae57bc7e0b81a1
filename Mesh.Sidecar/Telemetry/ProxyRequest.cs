using System.Diagnostics;
using Mesh.Sidecar.Primitives;
using Microsoft.AspNetCore.Http.Features;

namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// The skeleton every proxy (inbound, outbound, gateway) wraps a request in: <see cref="RequestRecorder.Begin"/> when the
/// listener takes it (Envoy's <c>x-request-id</c>, the start time, the body counters), <see cref="RequestRecorder.Finish"/>
/// once when it ends.
/// </summary>
internal readonly struct ProxyRequest
{
    private readonly long _started;
    private readonly CountingStream? _requestBody;
    private readonly CountingStream? _responseBody;

    private ProxyRequest(long started, CountingStream? requestBody, CountingStream? responseBody, UpgradedConnection? upgrade)
    {
        _started = started;
        _requestBody = requestBody;
        _responseBody = responseBody;
        Upgrade = upgrade;
    }

    /// <summary>
    /// Starts the clock and gives the request an id if the caller sent none; with <paramref name="countBodies"/>, counts
    /// the body bytes each way as they pass; an upgrade request gets its TCP metrics from <paramref name="metrics"/>.
    /// </summary>
    public static ProxyRequest Begin(HttpContext context, bool countBodies, SidecarMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(metrics);
        RequestId.Ensure(context.Request);
        CountingStream? requestBody = null;
        CountingStream? responseBody = null;
        if (countBodies)
        {
            requestBody = new CountingStream(context.Request.Body);
            context.Request.Body = requestBody;
            responseBody = new CountingStream(context.Response.Body);
            context.Response.Body = responseBody;
        }

        UpgradedConnection? upgrade = null;
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgradable)
        {
            upgrade = new UpgradedConnection(upgradable, metrics);
            context.Features.Set<IHttpUpgradeFeature>(upgrade);
        }

        return new ProxyRequest(Stopwatch.GetTimestamp(), requestBody, responseBody, upgrade);
    }

    /// <summary>Milliseconds since <see cref="Begin"/>.</summary>
    public double ElapsedMilliseconds => Stopwatch.GetElapsedTime(_started).TotalMilliseconds;

    /// <summary>Request body bytes read from the caller; -1 when not counted.</summary>
    public long RequestBytes => _requestBody?.BytesRead ?? -1;

    /// <summary>Response body bytes written to the caller; -1 when not counted.</summary>
    public long ResponseBytes => _responseBody?.BytesWritten ?? -1;

    /// <summary>The request's upgrade, when it asks for one: the proxy tells it where the request goes.</summary>
    public UpgradedConnection? Upgrade { get; }
}

/// <summary>Where a request ended: the destination workload (or <c>unknown</c>) and the counters to add it to.</summary>
/// <param name="Workload">The destination workload, for metrics and the flag log.</param>
/// <param name="Version">The destination workload's version label.</param>
/// <param name="Stats">The destination's counters, if it was reached (an endpoint's, beside the listener's own).</param>
/// <param name="Tags">The destination's Istio labels, if it was reached; otherwise the listener's are reported.</param>
/// <param name="Principal">The destination's SPIFFE identity, reported when mutual TLS reached it.</param>
/// <param name="Host">The upstream's address (<c>127.0.0.1:41234</c>), for the access log.</param>
internal readonly record struct RequestDestination(string Workload, string Version, DestinationStats? Stats = null, PeerTags? Tags = null,
    string? Principal = null, string? Host = null)
{
    /// <summary>No destination was picked (no route, no endpoint, a local reply).</summary>
    public static RequestDestination Unknown { get; } = new(SidecarMetrics.Unknown, SidecarMetrics.Unknown);
}

/// <summary>
/// Finishes a <see cref="ProxyRequest"/> the same way for every proxy: the flag log line (when the mesh answered or cut
/// the request itself), the listener's and the destination's counters behind <c>/stats</c>, and the Istio-labelled metrics.
/// </summary>
internal sealed class RequestRecorder(SidecarMetrics metrics, ResponseFlagLog flagLog, AccessLog accessLog, RequestSpan span)
{
    /// <summary>Starts recording a request (<see cref="ProxyRequest.Begin"/>): body bytes are counted only when someone reads them.</summary>
    public ProxyRequest Begin(HttpContext context) => ProxyRequest.Begin(context, metrics.SizesEnabled || accessLog.Enabled, metrics);

    /// <param name="context">The request.</param>
    /// <param name="request">What <see cref="Begin"/> returned.</param>
    /// <param name="direction"><c>inbound</c>, <c>outbound</c> or <c>gateway</c>, for the flag log.</param>
    /// <param name="labels">The listener's labels (the caller's on inbound, whether mutual TLS carried the request).</param>
    /// <param name="listener">The listener's own counters.</param>
    /// <param name="destination">Where the request went.</param>
    /// <param name="flag">Envoy's response flag.</param>
    /// <param name="upstream">The upstream cluster and matched route, for the access log.</param>
    /// <param name="edge">The request's edge of the mesh graph, when this side counts it.</param>
    public void Finish(HttpContext context, in ProxyRequest request, string direction, in RequestLabels labels, DestinationStats listener,
        in RequestDestination destination, ResponseFlag flag, in UpstreamRoute upstream = default, in EdgeCount edge = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(listener);
        var status = context.Response.StatusCode;
        var elapsedMs = request.ElapsedMilliseconds;
        // Istio's grpc_response_status: a gRPC call's status; none for other requests (one header read for them).
        var grpc = GrpcProtocol.IsGrpc(context.Request);
        var grpcStatus = grpc ? GrpcProtocol.StatusOf(context.Response) : null;
        if (accessLog.Enabled)
        {
            // The access log's line says all the flag log's would: one line per request, not two.
            accessLog.Write(context, request, destination, flag, upstream);
        }
        else
        {
            // The flag log names the listener's own destination (the service called, or this workload) when no workload was picked.
            flagLog.Write(context, direction, destination.Stats is null && destination.Workload == SidecarMetrics.Unknown ? listener.Destination : destination.Workload,
                flag, grpcStatus);
        }
        listener.Record(status, flag);
        destination.Stats?.Record(status, flag);
        edge.Stats?.Record(status, flag, elapsedMs, edge.MutualTls, edge.Denied);
        request.Upgrade?.Close(flag);
        span.Finish(context, labels, destination.Workload, flag);
        metrics.Record(labels, destination,
            new RequestMeasurements(status, flag, elapsedMs, grpc, grpcStatus, request.RequestBytes, request.ResponseBytes));
    }
}

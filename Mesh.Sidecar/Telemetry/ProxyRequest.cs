using System.Diagnostics;
using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// The skeleton every proxy (inbound, outbound, gateway) wraps a request in: <see cref="Begin"/> when the listener
/// takes it (Envoy's <c>x-request-id</c>, the start time), <see cref="RequestRecorder.Finish"/> once when it ends.
/// </summary>
internal readonly struct ProxyRequest
{
    private readonly long _started;

    private ProxyRequest(long started) => _started = started;

    /// <summary>Starts the clock and gives the request an id if the caller sent none.</summary>
    public static ProxyRequest Begin(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        RequestId.Ensure(context.Request);
        return new ProxyRequest(Stopwatch.GetTimestamp());
    }

    /// <summary>Milliseconds since <see cref="Begin"/>.</summary>
    public double ElapsedMilliseconds => Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
}

/// <summary>Where a request ended: the destination workload (or <c>unknown</c>) and the counters to add it to.</summary>
/// <param name="Workload">The destination workload, for metrics and the flag log.</param>
/// <param name="Version">The destination workload's version label.</param>
/// <param name="Stats">The destination's counters, if it was reached (an endpoint's, beside the listener's own).</param>
internal readonly record struct RequestDestination(string Workload, string Version, DestinationStats? Stats = null)
{
    /// <summary>No destination was picked (no route, no endpoint, a local reply).</summary>
    public static RequestDestination Unknown { get; } = new(SidecarMetrics.Unknown, SidecarMetrics.Unknown);
}

/// <summary>
/// Finishes a <see cref="ProxyRequest"/> the same way for every proxy: the flag log line (when the mesh answered or cut
/// the request itself), the listener's and the destination's counters behind <c>/stats</c>, and the Istio-labelled metrics.
/// </summary>
internal sealed class RequestRecorder(SidecarMetrics metrics, ResponseFlagLog flagLog, RequestSpan span)
{
    /// <param name="context">The request.</param>
    /// <param name="request">What <see cref="ProxyRequest.Begin"/> returned.</param>
    /// <param name="direction"><c>inbound</c>, <c>outbound</c> or <c>gateway</c>, for the flag log.</param>
    /// <param name="labels">The listener's fixed labels.</param>
    /// <param name="listener">The listener's own counters.</param>
    /// <param name="destination">Where the request went.</param>
    /// <param name="flag">Envoy's response flag.</param>
    public void Finish(HttpContext context, in ProxyRequest request, string direction, in RequestLabels labels, DestinationStats listener,
        in RequestDestination destination, ResponseFlag flag)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(listener);
        var status = context.Response.StatusCode;
        // Istio's grpc_response_status: a gRPC call's status; none for other requests (one header read for them).
        var grpcStatus = GrpcProtocol.IsGrpc(context.Request) ? GrpcProtocol.StatusOf(context.Response) : null;
        // The flag log names the listener's own destination (the service called, or this workload) when no workload was picked.
        flagLog.Write(context, direction, destination.Stats is null && destination.Workload == SidecarMetrics.Unknown ? listener.Destination : destination.Workload,
            flag, grpcStatus);
        listener.Record(status, flag);
        destination.Stats?.Record(status, flag);
        span.Finish(context, labels, destination.Workload, flag);
        metrics.Record(labels, destination.Workload, destination.Version, status, flag, request.ElapsedMilliseconds, grpcStatus);
    }
}

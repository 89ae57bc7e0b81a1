using Mesh.Sidecar.Primitives;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// One log line for every request the mesh answered or cut itself (a response flag other than <c>-</c>), as
/// Envoy's access log shows <c>%RESPONSE_FLAGS%</c>: what, where to, the status and the flag, and the
/// forwarding error's reason when there was one, and for a gRPC call its <c>grpc-status</c> (what its caller reads, since
/// the HTTP status of a gRPC reply is 200). Requests that went through cleanly are not logged.
/// </summary>
internal sealed partial class ResponseFlagLog(ILogger<ResponseFlagLog> logger)
{
    /// <param name="context">The request.</param>
    /// <param name="direction"><c>inbound</c>, <c>outbound</c> or <c>gateway</c>.</param>
    /// <param name="destination">The workload or service the request was for.</param>
    /// <param name="flag">Envoy's response flag; nothing is logged without one.</param>
    /// <param name="grpcStatus">A gRPC call's status (<see cref="GrpcProtocol.StatusOf(HttpResponse)"/>); null for other requests.</param>
    public void Write(HttpContext context, string direction, string destination, ResponseFlag flag, string? grpcStatus = null)
    {
        if (flag == ResponseFlag.None || !logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var request = context.Request;
        var reason = context.GetForwarderErrorFeature()?.Exception?.Message ?? "-";
        if (grpcStatus is not null)
        {
            Log.FlaggedGrpc(logger, direction, request.Method, request.Path.Value ?? "/", destination, context.Response.StatusCode,
                ResponseFlags.ToEnvoy(flag), grpcStatus, reason);
            return;
        }

        Log.Flagged(logger, direction, request.Method, request.Path.Value ?? "/", destination, context.Response.StatusCode,
            ResponseFlags.ToEnvoy(flag), reason);
    }

    private static partial class Log
    {
        [LoggerMessage(301, LogLevel.Information, "{Direction} {Method} {Path} -> {Destination}: {StatusCode} {Flag} ({Reason})")]
        public static partial void Flagged(ILogger logger, string direction, string method, string path, string destination, int statusCode, string flag, string reason);

        [LoggerMessage(302, LogLevel.Information, "{Direction} {Method} {Path} -> {Destination}: {StatusCode} {Flag} grpc-status {GrpcStatus} ({Reason})")]
        public static partial void FlaggedGrpc(ILogger logger, string direction, string method, string path, string destination, int statusCode, string flag,
            string grpcStatus, string reason);
    }
}

using Mesh.Sidecar.Primitives;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// One log line for every request the mesh answered or cut itself (a response flag other than <c>-</c>), as
/// Envoy's access log shows <c>%RESPONSE_FLAGS%</c>: what, where to, the status and the flag, and the
/// forwarding error's reason when there was one. Requests that went through cleanly are not logged.
/// </summary>
internal sealed partial class ResponseFlagLog(ILogger<ResponseFlagLog> logger)
{
    public void Write(HttpContext context, string direction, string destination, ResponseFlag flag)
    {
        if (flag == ResponseFlag.None || !logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var request = context.Request;
        var reason = context.GetForwarderErrorFeature()?.Exception?.Message;
        Log.Flagged(logger, direction, request.Method, request.Path.Value ?? "/", destination, context.Response.StatusCode,
            ResponseFlags.ToEnvoy(flag), reason ?? "-");
    }

    private static partial class Log
    {
        [LoggerMessage(301, LogLevel.Information, "{Direction} {Method} {Path} -> {Destination}: {StatusCode} {Flag} ({Reason})")]
        public static partial void Flagged(ILogger logger, string direction, string method, string path, string destination, int statusCode, string flag, string reason);
    }
}

using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// Responses the sidecar writes itself (Envoy's "local replies"): the status, the response-flag header
/// and Envoy's body text, so callers see what they would see behind Istio. A gRPC caller gets them as Envoy sends them
/// to one: HTTP 200, trailers-only, the status in <c>grpc-status</c> (mapped from the HTTP status, or given) and the text
/// in <c>grpc-message</c>, since a gRPC client reads nothing else.
/// </summary>
internal static class LocalReply
{
    /// <summary>Envoy's body when no endpoint can take the request.</summary>
    public const string NoHealthyUpstream = "no healthy upstream";

    /// <summary>Envoy's answer when no route matches the request: 404 with flag <c>NR</c> and no body.</summary>
    public static void WriteNoRoute(HttpContext context)
    {
        context.Response.Headers[ResponseFlags.HeaderName] = ResponseFlags.ToEnvoy(ResponseFlag.NoRouteFound);
        if (GrpcProtocol.IsGrpc(context.Request))
        {
            WriteGrpc(context.Response, GrpcStatus.Unimplemented, "");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    /// <summary>
    /// Writes a whole local reply. A gRPC request gets <paramref name="grpcStatus"/>, or the status Envoy maps from
    /// <paramref name="statusCode"/> when none is given.
    /// </summary>
    public static Task WriteAsync(HttpContext context, int statusCode, ResponseFlag flag, string body, GrpcStatus? grpcStatus = null)
    {
        var response = context.Response;
        if (flag != ResponseFlag.None)
        {
            response.Headers[ResponseFlags.HeaderName] = ResponseFlags.ToEnvoy(flag);
        }

        if (GrpcProtocol.IsGrpc(context.Request))
        {
            WriteGrpc(response, grpcStatus ?? GrpcProtocol.FromHttpStatus(statusCode), body);
            return Task.CompletedTask;
        }

        response.StatusCode = statusCode;
        response.ContentType = "text/plain";
        return response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>
    /// Completes a request whose forwarding failed: YARP has set the status; this adds the flag and
    /// Envoy's text when nothing was sent yet. <paramref name="statusCode"/> overrides YARP's status.
    /// Once the response has started only the aborted connection can tell the caller.
    /// </summary>
    public static Task WriteForwardingFailureAsync(HttpContext context, ResponseFlag flag, int? statusCode = null)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        var response = context.Response;
        if (statusCode is { } code)
        {
            response.StatusCode = code;
        }

        response.Headers[ResponseFlags.HeaderName] = ResponseFlags.ToEnvoy(flag);
        var body = Describe(flag);
        if (GrpcProtocol.IsGrpc(context.Request))
        {
            WriteGrpc(response, GrpcProtocol.FromHttpStatus(response.StatusCode), body ?? "");
            return Task.CompletedTask;
        }

        if (body is null)
        {
            return Task.CompletedTask;
        }

        response.ContentType = "text/plain";
        return response.WriteAsync(body, context.RequestAborted);
    }

    // Trailers-only: no body, so the headers end the stream and carry the status.
    private static void WriteGrpc(HttpResponse response, GrpcStatus status, string message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.StatusHeader] = GrpcProtocol.Text(status);
        if (message.Length > 0)
        {
            response.Headers[GrpcProtocol.MessageHeader] = GrpcProtocol.EncodeMessage(message);
        }
    }

    private static string? Describe(ResponseFlag flag) => flag switch
    {
        ResponseFlag.NoHealthyUpstream => NoHealthyUpstream,
        ResponseFlag.UpstreamConnectionFailure => "upstream connect error or disconnect/reset before headers. reset reason: connection failure",
        ResponseFlag.UpstreamConnectionTermination => "upstream connect error or disconnect/reset before headers. reset reason: connection termination",
        ResponseFlag.UpstreamRequestTimeout => "upstream request timeout",
        ResponseFlag.UpstreamProtocolError => "upstream connect error or disconnect/reset before headers. reset reason: protocol error",
        _ => null,
    };
}

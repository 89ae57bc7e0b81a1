using Mesh.Sidecar.Primitives;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Inbound;

/// <summary>Forwards one request with YARP's direct forwarder and names a failure with Envoy's flag.</summary>
/// <remarks>
/// YARP's own per-request log lines are off by default (SidecarApp), and its failure line with them; a failure is
/// logged here instead, once, with the flag a caller sees in <c>x-mesh-response-flags</c>.
/// </remarks>
internal sealed partial class UpstreamForwarder(IHttpForwarder forwarder, ILogger<UpstreamForwarder> logger)
{
    /// <summary>
    /// Sends the request to <paramref name="destinationPrefix"/> and copies the response back. On failure YARP
    /// has set the status (502, 504, ...); the returned flag says why.
    /// </summary>
    public async ValueTask<ResponseFlag> SendAsync(HttpContext context, string destinationPrefix, HttpMessageInvoker invoker)
    {
        var error = await forwarder.SendAsync(context, destinationPrefix, invoker, ForwarderRequestConfig.Empty, HttpTransformer.Default);
        return error == ForwarderError.None ? ResponseFlag.None : Failed(context, destinationPrefix, error);
    }

    private ResponseFlag Failed(HttpContext context, string destinationPrefix, ForwarderError error)
    {
        var exception = context.GetForwarderErrorFeature()?.Exception;
        var flag = ForwarderErrorFlags.Map(error, exception);
        Log.ForwardingFailed(logger, destinationPrefix, ResponseFlags.ToEnvoy(flag), error, exception?.Message, exception);
        return flag;
    }

    private static partial class Log
    {
        // Information, as YARP logs it: most failures are the caller's or the upstream's, not the sidecar's.
        [LoggerMessage(1, LogLevel.Information, "Forwarding to {Destination} failed ({Flag}): {Error}: {Reason}")]
        public static partial void ForwardingFailed(ILogger logger, string destination, string flag, ForwarderError error, string? reason, Exception? exception);
    }
}

using Mesh.Sidecar.Telemetry;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Connections;

/// <summary>Forwards one request with YARP's direct forwarder and names a failure with Envoy's flag.</summary>
internal sealed class UpstreamForwarder(IHttpForwarder forwarder)
{
    /// <summary>
    /// Sends the request to <paramref name="destinationPrefix"/> and copies the response back. On failure YARP
    /// has set the status (502, 504, ...); the returned flag says why.
    /// </summary>
    public async ValueTask<ResponseFlag> SendAsync(HttpContext context, string destinationPrefix, HttpMessageInvoker invoker)
    {
        var error = await forwarder.SendAsync(context, destinationPrefix, invoker, ForwarderRequestConfig.Empty, HttpTransformer.Default);
        return error == ForwarderError.None
            ? ResponseFlag.None
            : ForwarderErrorFlags.Map(error, context.GetForwarderErrorFeature()?.Exception);
    }
}

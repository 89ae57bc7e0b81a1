using System.Net;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Primitives;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Inbound;

/// <summary>
/// The inbound stack's last layer: forwards a request to the local app over pooled loopback connections with YARP's
/// direct forwarder, with the caller's Host and the proxy headers of Istio's sidecar (<see cref="ProxyHeaders"/>), and
/// names a failure with Envoy's flag (the flag log line carries the reason).
/// </summary>
/// <remarks>
/// An app that refuses the connection is answered <c>503</c> with flag <c>UF</c>, Envoy's answer for
/// "upstream connect error or disconnect/reset before headers. reset reason: connection failure": the workload is
/// registered but its app is not there, which is a 503 (try another endpoint), not a 502 (a bad answer). Other failures
/// keep YARP's status (504 <c>UT</c> on timeout, 502 otherwise).
/// </remarks>
internal sealed class AppForwarder(IHttpForwarder forwarder, SidecarIdentity identity) : IDisposable
{
    /// <summary>
    /// A request to the app: Envoy's stream idle timeout (<see cref="ProxyHttpHandler.StreamIdleTimeout"/>, which Istio's
    /// inbound listener keeps) instead of YARP's 100 s, so a WebSocket or event stream quiet for two minutes stays open.
    /// </summary>
    internal static ForwarderRequestConfig AppRequest { get; } = new() { ActivityTimeout = ProxyHttpHandler.StreamIdleTimeout };

    /// <summary>
    /// A request to an app whose protocol is <c>http2</c>: HTTP/2 with prior knowledge (h2c), whatever the caller spoke, as
    /// Envoy speaks to an inbound cluster whose port Istio knows as HTTP/2 or gRPC. Without TLS there is no ALPN to agree
    /// on a protocol, so only an exact version request makes .NET's client speak HTTP/2.
    /// </summary>
    internal static ForwarderRequestConfig Http2Request { get; } = AppRequest with
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    private readonly ForwarderRequestConfig _request = identity.AppProtocol == AppProtocol.Http2 ? Http2Request : AppRequest;

    /// <summary>Pooled connections to the local app (inbound forwarding and the app prober).</summary>
    public HttpMessageInvoker Invoker { get; } = ProxyHttpHandler.Invoker(ProxyHttpHandler.Create());

    /// <summary>Forwards the request and, on failure, writes Envoy's local reply; returns the response flag.</summary>
    public async ValueTask<ResponseFlag> ForwardAsync(HttpContext context)
    {
        ProxyHeaders.AtSidecar(context);
        var error = await forwarder.SendAsync(context, identity.App, Invoker, _request, CallersHost.Instance);
        if (error == ForwarderError.None)
        {
            return ResponseFlag.None;
        }

        var flag = ForwarderErrorFlags.Map(error, context.GetForwarderErrorFeature()?.Exception);
        await LocalReply.WriteForwardingFailureAsync(context, flag,
            flag == ResponseFlag.UpstreamConnectionFailure ? StatusCodes.Status503ServiceUnavailable : null);
        return flag;
    }

    public void Dispose() => Invoker.Dispose();

    /// <summary>
    /// YARP's default transforms, and the Host the caller sent: Envoy keeps <c>:authority</c> on the way to the app, which
    /// builds links, picks tenants and checks origins from it (YARP's default would write the app's own address).
    /// </summary>
    private sealed class CallersHost : HttpTransformer
    {
        public static readonly CallersHost Instance = new();

        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix,
            CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            if (httpContext.Request.Host.HasValue)
            {
                proxyRequest.Headers.Host = httpContext.Request.Host.Value;
            }
        }
    }
}

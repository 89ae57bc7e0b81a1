using System.Net;

namespace Mesh.Sidecar.Primitives;

/// <summary>The HTTP handler every forwarding pool of the sidecar is built on (to peer sidecars and to the local app).</summary>
internal static class ProxyHttpHandler
{
    /// <summary>Istio's default connect timeout for upstream clusters (DestinationRule <c>connectionPool.tcp.connectTimeout</c>).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a forwarded request may pass no bytes either way (waiting for the answer's headers, copying a body, or an
    /// upgraded WebSocket) before it is reset: Envoy's default <c>stream_idle_timeout</c>, which Istio keeps. YARP's own
    /// default (100 s) would cut a quiet WebSocket or event stream that Istio keeps open. A DestinationRule's
    /// <c>connectionPool.http.idleTimeout</c> replaces it on the outbound hop for upgraded connections (<c>PoolSettings.UpgradeIdleTimeout</c>).
    /// </summary>
    public static readonly TimeSpan StreamIdleTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The invoker a forwarding pool is used through: <paramref name="handler"/> (which it disposes) under the sidecar's
    /// <see cref="ForwardingHandler"/> (trace headers, request bodies passed on as they arrive).
    /// </summary>
    public static HttpMessageInvoker Invoker(SocketsHttpHandler handler) => new(new ForwardingHandler(handler), disposeHandler: true);

    /// <summary>
    /// The settings YARP's own client factory uses for forwarding: a proxy must not follow redirects, decompress, keep
    /// cookies or go through a system proxy. No propagator: the handler would start an activity of its own per send;
    /// <see cref="ForwardingHandler"/> writes the trace headers of the sidecar's span instead (<see cref="SpanHeaders"/>).
    /// </summary>
    public static SocketsHttpHandler Create() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = null,
        ConnectTimeout = ConnectTimeout,
    };
}

using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Primitives;

/// <summary>The HTTP handler every forwarding pool of the sidecar is built on (to peer sidecars and to the local app).</summary>
internal static class ProxyHttpHandler
{
    /// <summary>Istio's default connect timeout for upstream clusters (DestinationRule <c>connectionPool.tcp.connectTimeout</c>).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The settings YARP's own client factory uses for forwarding: a proxy must not follow redirects, decompress, keep
    /// cookies or go through a system proxy, and it re-parents trace headers.
    /// </summary>
    public static SocketsHttpHandler Create() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        ConnectTimeout = ConnectTimeout,
    };
}

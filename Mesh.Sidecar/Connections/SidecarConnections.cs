using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Connections;

/// <summary>
/// The one place that builds the HTTP clients the sidecar sends with: to peer sidecars, to the local
/// app and to the control plane. Mutual TLS between sidecars will be configured here.
/// </summary>
internal sealed class SidecarConnections : IDisposable
{
    // Istio's default connect timeout for upstream clusters (DestinationRule connectionPool.tcp.connectTimeout).
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(10);

    public SidecarConnections()
    {
        Peers = new HttpMessageInvoker(CreateProxyHandler(), disposeHandler: true);
        App = new HttpMessageInvoker(CreateProxyHandler(), disposeHandler: true);
        ControlPlane = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectTimeout = s_connectTimeout,
        })
        {
            // The push stream stays open indefinitely; the client enforces its own liveness (missed pings).
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Pooled connections to other sidecars' inbound listeners.</summary>
    public HttpMessageInvoker Peers { get; }

    /// <summary>Pooled connections to the local app (inbound forwarding and the app prober).</summary>
    public HttpMessageInvoker App { get; }

    /// <summary>The control plane's push stream and reports.</summary>
    public HttpClient ControlPlane { get; }

    public void Dispose()
    {
        Peers.Dispose();
        App.Dispose();
        ControlPlane.Dispose();
    }

    // The settings YARP's own client factory uses for forwarding: a proxy must not follow redirects,
    // decompress, keep cookies or go through a system proxy, and it re-parents trace headers.
    private static SocketsHttpHandler CreateProxyHandler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        ConnectTimeout = s_connectTimeout,
    };
}

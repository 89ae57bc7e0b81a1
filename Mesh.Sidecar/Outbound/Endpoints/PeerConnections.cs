using System.Diagnostics;
using System.Net;
using Mesh.Model.Compilation;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Outbound.Endpoints;

/// <summary>
/// The one place that builds the HTTP clients the sidecar sends with: to peer sidecars, to the local
/// app and to the control plane. Peers get two pools: mutual TLS with HTTP/2 (between sidecars with identities) and
/// plain text (to an endpoint whose PeerAuthentication is DISABLE, or from a sidecar without an identity).
/// </summary>
internal sealed class SidecarConnections : IDisposable
{
    // Istio's default connect timeout for upstream clusters (DestinationRule connectionPool.tcp.connectTimeout).
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(10);

    public SidecarConnections(MutualTlsConnector connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var mutualTls = CreateProxyHandler();
        mutualTls.ConnectCallback = connector.ConnectAsync;
        // TLS checks certificates at the handshake only: a bounded connection life moves traffic onto renewed
        // certificates, and re-checks the server against the destination's current identities.
        mutualTls.PooledConnectionLifetime = MutualTlsConnectionLifetime;
        MutualTlsPeers = new HttpMessageInvoker(mutualTls, disposeHandler: true);
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

    /// <summary>How long a mutual-TLS connection is reused before a new handshake (far below the default 24 h certificate life).</summary>
    public static readonly TimeSpan MutualTlsConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Pooled plain-text connections to other sidecars' inbound listeners.</summary>
    public HttpMessageInvoker Peers { get; }

    /// <summary>Pooled mutual-TLS connections to other sidecars' inbound listeners; requests must be HTTP/2 (<see cref="MutualTlsRequest"/>).</summary>
    public HttpMessageInvoker MutualTlsPeers { get; }

    /// <summary>Envoy's stream idle timeout (5 min), instead of YARP's 100 s: Istio routes have no timeout by default.</summary>
    public static ForwarderRequestConfig PlainRequest { get; } = new() { ActivityTimeout = TimeSpan.FromMinutes(5) };

    /// <summary>As <see cref="PlainRequest"/>, in HTTP/2 over the mutual-TLS stream (prior knowledge: ALPN already chose it).</summary>
    public static ForwarderRequestConfig MutualTlsRequest { get; } = PlainRequest with
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>
    /// Whether a request to <paramref name="endpoint"/> goes with mutual TLS: always or never when the DestinationRule's
    /// <c>tls.mode</c> says so, else (Istio's auto mTLS) when the endpoint takes it.
    /// </summary>
    private static bool UsesMutualTls(EndpointModel endpoint, UpstreamTlsMode mode) => mode switch
    {
        UpstreamTlsMode.Disable => false,
        UpstreamTlsMode.IstioMutual => true,
        _ => endpoint.Source.MutualTls,
    };

    /// <summary>The pool and request settings for <paramref name="endpoint"/>.</summary>
    public (HttpMessageInvoker Invoker, ForwarderRequestConfig Config) ForPeer(EndpointModel endpoint, UpstreamTlsMode mode) =>
        UsesMutualTls(endpoint, mode) ? (MutualTlsPeers, MutualTlsRequest) : (Peers, PlainRequest);

    /// <summary>Pooled connections to the local app (inbound forwarding and the app prober).</summary>
    public HttpMessageInvoker App { get; }

    /// <summary>The control plane's push stream and reports.</summary>
    public HttpClient ControlPlane { get; }

    public void Dispose()
    {
        Peers.Dispose();
        MutualTlsPeers.Dispose();
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

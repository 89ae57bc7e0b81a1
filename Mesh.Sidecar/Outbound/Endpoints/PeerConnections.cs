using System.Net;
using Mesh.Sidecar.Primitives;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Outbound.Endpoints;

/// <summary>
/// The outbound stack's endpoint layer: the connection pools to peer sidecars and the choice between them. Mutual TLS
/// with HTTP/2 between sidecars with identities (<see cref="MutualTlsConnector"/> does the handshake), plain text to an
/// endpoint whose PeerAuthentication is DISABLE, or from a sidecar without an identity.
/// </summary>
internal sealed class PeerConnections : IDisposable
{
    public PeerConnections(MutualTlsConnector connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var mutualTls = ProxyHttpHandler.Create();
        mutualTls.ConnectCallback = connector.ConnectAsync;
        // TLS checks certificates at the handshake only: a bounded connection life moves traffic onto renewed
        // certificates, and re-checks the server against the destination's current identities.
        mutualTls.PooledConnectionLifetime = MutualTlsConnectionLifetime;
        MutualTls = new HttpMessageInvoker(mutualTls, disposeHandler: true);
        Plain = new HttpMessageInvoker(ProxyHttpHandler.Create(), disposeHandler: true);
    }

    /// <summary>How long a mutual-TLS connection is reused before a new handshake (far below the default 24 h certificate life).</summary>
    public static readonly TimeSpan MutualTlsConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Pooled plain-text connections to other sidecars' inbound listeners.</summary>
    public HttpMessageInvoker Plain { get; }

    /// <summary>Pooled mutual-TLS connections to other sidecars' inbound listeners; requests must be HTTP/2 (<see cref="MutualTlsRequest"/>).</summary>
    public HttpMessageInvoker MutualTls { get; }

    /// <summary>Envoy's stream idle timeout (5 min), instead of YARP's 100 s: Istio routes have no timeout by default.</summary>
    public static ForwarderRequestConfig PlainRequest { get; } = new() { ActivityTimeout = TimeSpan.FromMinutes(5) };

    /// <summary>As <see cref="PlainRequest"/>, in HTTP/2 over the mutual-TLS stream (prior knowledge: ALPN already chose it).</summary>
    public static ForwarderRequestConfig MutualTlsRequest { get; } = PlainRequest with
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>
    /// The pool and request settings for <paramref name="endpoint"/>: mutual TLS always or never when the
    /// DestinationRule's <c>tls.mode</c> says so, else (Istio's auto mTLS) when the endpoint takes it.
    /// </summary>
    public static bool UsesMutualTls(EndpointModel endpoint, UpstreamTlsMode mode) => mode switch
    {
        UpstreamTlsMode.Disable => false,
        UpstreamTlsMode.IstioMutual => true,
        _ => endpoint.Source.MutualTls,
    };

    /// <summary>The pool and request settings for <paramref name="endpoint"/> (see <see cref="UsesMutualTls"/>).</summary>
    public (HttpMessageInvoker Invoker, ForwarderRequestConfig Config) ForPeer(EndpointModel endpoint, UpstreamTlsMode mode) =>
        UsesMutualTls(endpoint, mode) ? (MutualTls, MutualTlsRequest) : (Plain, PlainRequest);

    public void Dispose()
    {
        Plain.Dispose();
        MutualTls.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Net;
using Mesh.Sidecar.Primitives;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Outbound.Endpoints;

/// <summary>
/// The outbound stack's endpoint layer: the connection pools to peer sidecars and the choice between them. Mutual TLS
/// between sidecars with identities (<see cref="MutualTlsConnector"/> does the handshake), plain text to an
/// endpoint whose PeerAuthentication is DISABLE, or from a sidecar without an identity. A DestinationRule's connection
/// settings (<see cref="PoolSettings"/>) get pools of their own; clusters without any share the default pools.
/// </summary>
/// <remarks>
/// Pools are kept for the process's life: distinct connection settings are few (one per DestinationRule that sets them),
/// and a pool whose settings no snapshot uses any more closes its connections once they idle.
/// </remarks>
internal sealed class PeerConnections : IDisposable
{
    private readonly MutualTlsConnector _connector;
    private readonly PeerPools _default;
    private readonly ConcurrentDictionary<PoolSettings, PeerPools> _configured = new();
    private readonly Lock _creating = new();

    public PeerConnections(MutualTlsConnector connector)
    {
        ArgumentNullException.ThrowIfNull(connector);
        _connector = connector;
        _default = Create(default);
    }

    /// <summary>How long a mutual-TLS connection is reused before a new handshake (far below the default 24 h certificate life).</summary>
    public static readonly TimeSpan MutualTlsConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An HTTP/1.1 request to a peer. Envoy's stream idle timeout (<see cref="ProxyHttpHandler.StreamIdleTimeout"/>) instead
    /// of YARP's 100 s: Istio routes have no timeout by default. A pool with <c>http.idleTimeout</c> replaces it for
    /// upgrade requests (<see cref="PoolSettings.UpgradeIdleTimeout"/>).
    /// </summary>
    public static ForwarderRequestConfig Http1Request { get; } = new()
    {
        ActivityTimeout = ProxyHttpHandler.StreamIdleTimeout,
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>
    /// An HTTP/2 request to a peer: with prior knowledge over mutual TLS (the connector offers ALPN <c>h2</c> for it)
    /// and over plain text to a sidecar whose inbound listener recognises the HTTP/2 preface
    /// (<see cref="EndpointSnapshot.CleartextHttp2"/>).
    /// </summary>
    public static ForwarderRequestConfig Http2Request { get; } = Http1Request with { Version = HttpVersion.Version20 };

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

    /// <summary>
    /// The pool and request settings for a request of protocol <paramref name="protocol"/> (the caller's, e.g.
    /// <c>HTTP/1.1</c>) to <paramref name="endpoint"/> of a cluster with <paramref name="policy"/> (see
    /// <see cref="UsesMutualTls"/>). The protocol is kept across the hop, as Istio's default <c>h2UpgradePolicy</c>
    /// (DO_NOT_UPGRADE) keeps it: HTTP/2 (gRPC) stays HTTP/2 over mutual TLS and to a peer sidecar in plain text,
    /// HTTP/1.1 stays HTTP/1.1. bench/ measured HTTP/1.1 between the sidecars cheaper per request than HTTP/2 at
    /// moderate rates once sockets run inline (<see cref="Primitives.InlineSockets"/>): an HTTP/2 connection hands each
    /// frame between its reading and writing loops and the request, HTTP/1.1 does neither.
    /// </summary>
    /// <param name="endpoint">The peer.</param>
    /// <param name="policy">The cluster's traffic policy.</param>
    /// <param name="protocol">The caller's protocol.</param>
    /// <param name="upgrade">
    /// Whether the request asks for an upgrade (a WebSocket): its silence is bounded by the pool's <c>http.idleTimeout</c>
    /// when set (<see cref="PoolSettings.UpgradeIdleTimeout"/>), other requests' by Envoy's stream idle timeout.
    /// </param>
    public (HttpMessageInvoker Invoker, ForwarderRequestConfig Config) ForPeer(EndpointModel endpoint, TrafficPolicyConfig policy, string protocol, bool upgrade = false)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(policy);
        var pools = PoolsFor(PoolSettings.Of(policy.ConnectionPool));
        var mutualTls = UsesMutualTls(endpoint, policy.Tls);
        var http2 = UsesHttp2(protocol, mutualTls, endpoint.Source.CleartextHttp2);
        var config = upgrade
            ? (http2 ? pools.Http2Upgrade : pools.Http1Upgrade)
            : (http2 ? pools.Http2Request : pools.Http1Request);
        return (mutualTls ? pools.MutualTls : pools.Plain, config);
    }

    /// <summary>
    /// HTTP/2 for an HTTP/2 request where the peer takes it (over mutual TLS, or in plain text when it says so), else
    /// HTTP/1.1 (see <see cref="ForPeer"/>); the default pools' settings.
    /// </summary>
    public static ForwarderRequestConfig RequestFor(string protocol, bool mutualTls, bool peerTakesCleartextHttp2) =>
        UsesHttp2(protocol, mutualTls, peerTakesCleartextHttp2) ? Http2Request : Http1Request;

    private static bool UsesHttp2(string protocol, bool mutualTls, bool peerTakesCleartextHttp2) =>
        HttpProtocol.IsHttp2(protocol) && (mutualTls || peerTakesCleartextHttp2);

    public void Dispose()
    {
        _default.Dispose();
        foreach (var pools in _configured.Values)
        {
            pools.Dispose();
        }
    }

    private PeerPools PoolsFor(PoolSettings settings)
    {
        if (settings.IsDefault)
        {
            return _default;
        }

        if (_configured.TryGetValue(settings, out var pools))
        {
            return pools;
        }

        // Created under a lock: two requests racing must not both make (and one leak) a pair of handlers.
        lock (_creating)
        {
            return _configured.TryGetValue(settings, out pools) ? pools : _configured[settings] = Create(settings);
        }
    }

    private PeerPools Create(PoolSettings settings)
    {
        var mutualTls = ProxyHttpHandler.Create();
        mutualTls.ConnectCallback = _connector.ConnectAsync;
        // TLS checks certificates at the handshake only: a bounded connection life moves traffic onto renewed
        // certificates, and re-checks the server against the destination's current identities.
        mutualTls.PooledConnectionLifetime = MutualTlsConnectionLifetime;
        settings.ApplyTo(mutualTls);
        var plain = ProxyHttpHandler.Create();
        settings.ApplyTo(plain);
        // Made once per pool, so a request picks its settings without building any.
        var upgrade = Http1Request with { ActivityTimeout = settings.UpgradeIdleTimeout };
        return new PeerPools(ProxyHttpHandler.Invoker(plain), ProxyHttpHandler.Invoker(mutualTls),
            Http1Request, Http2Request, upgrade, upgrade with { Version = HttpVersion.Version20 });
    }

    /// <summary>
    /// One pair of pools (plain-text connections and mutual-TLS ones, each HTTP/1.1 or HTTP/2 per request) and the
    /// settings of a request, and of an upgrade request, in either protocol.
    /// </summary>
    private sealed record PeerPools(HttpMessageInvoker Plain, HttpMessageInvoker MutualTls, ForwarderRequestConfig Http1Request,
        ForwarderRequestConfig Http2Request, ForwarderRequestConfig Http1Upgrade, ForwarderRequestConfig Http2Upgrade) : IDisposable
    {
        public void Dispose()
        {
            Plain.Dispose();
            MutualTls.Dispose();
        }
    }
}

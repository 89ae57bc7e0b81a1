using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Outbound.Endpoints;

/// <summary>
/// The connection-pool settings of a DestinationRule that the HTTP handler applies, one pool per distinct set:
/// <c>tcp.connectTimeout</c> (<see cref="SocketsHttpHandler.ConnectTimeout"/>, the mutual-TLS handshake included),
/// <c>tcp.maxConnectionDuration</c> (<see cref="SocketsHttpHandler.PooledConnectionLifetime"/>: a connection that old is
/// not reused, while a request or WebSocket still on it runs to its end), <c>http.idleTimeout</c>
/// (<see cref="SocketsHttpHandler.PooledConnectionIdleTimeout"/>, and each upgraded connection's <see cref="UpgradeIdleTimeout"/>) and
/// <c>tcp.maxConnections</c>
/// (<see cref="SocketsHttpHandler.MaxConnectionsPerServer"/>: per endpoint, where Envoy counts per cluster; the
/// cluster's circuit breaker also caps its requests in flight at it, as HTTP/1.1 connections would).
/// </summary>
/// <param name="ConnectTimeout">Null: Istio's default (<see cref="ProxyHttpHandler.ConnectTimeout"/>).</param>
/// <param name="MaxConnectionDuration">Null: no limit (mutual TLS keeps its own, <see cref="PeerConnections.MutualTlsConnectionLifetime"/>).</param>
/// <param name="IdleTimeout">Null: the handler's default.</param>
/// <param name="MaxConnections">Null: no limit.</param>
internal readonly record struct PoolSettings(TimeSpan? ConnectTimeout, TimeSpan? MaxConnectionDuration, TimeSpan? IdleTimeout, int? MaxConnections)
{
    /// <summary>The settings of <paramref name="pool"/>; a value Istio treats as unset (zero) is unset here too.</summary>
    public static PoolSettings Of(ConnectionPoolConfig? pool) => pool is null
        ? default
        : new(Positive(pool.ConnectTimeout), Positive(pool.MaxConnectionDuration), Positive(pool.IdleTimeout), pool.MaxConnections is > 0 ? pool.MaxConnections : null);

    /// <summary>
    /// How long an upgraded connection (a WebSocket) to the cluster may pass no bytes either way before it is reset (YARP's
    /// activity timeout for upgrade requests): <c>http.idleTimeout</c> when set, else Envoy's default stream idle timeout
    /// (<see cref="ProxyHttpHandler.StreamIdleTimeout"/>). Envoy applies <c>http.idleTimeout</c> to a pooled connection
    /// without requests; an upgraded connection carries no requests, only the two ends' bytes, so its silence is what the
    /// setting bounds here. Other requests keep Envoy's stream idle timeout, so an answer slower than <c>http.idleTimeout</c>
    /// to start is not cut, as under Envoy.
    /// </summary>
    public TimeSpan UpgradeIdleTimeout => IdleTimeout is { } idle ? RuntimeDuration.Clamp(idle) : ProxyHttpHandler.StreamIdleTimeout;

    /// <summary>Whether nothing is set: the shared default pools serve the cluster.</summary>
    public bool IsDefault => this == default;

    /// <summary>Sets these values on <paramref name="handler"/>, clamped to what it takes (<see cref="RuntimeDuration"/>).</summary>
    public void ApplyTo(SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (ConnectTimeout is { } connect)
        {
            handler.ConnectTimeout = RuntimeDuration.Clamp(connect);
        }

        if (MaxConnectionDuration is { } lifetime)
        {
            handler.PooledConnectionLifetime = handler.PooledConnectionLifetime == Timeout.InfiniteTimeSpan
                ? RuntimeDuration.Clamp(lifetime)
                : TimeSpan.FromTicks(Math.Min(handler.PooledConnectionLifetime.Ticks, RuntimeDuration.Clamp(lifetime).Ticks));
        }

        if (IdleTimeout is { } idle)
        {
            handler.PooledConnectionIdleTimeout = RuntimeDuration.Clamp(idle);
        }

        if (MaxConnections is { } connections)
        {
            handler.MaxConnectionsPerServer = connections;
        }
    }

    private static TimeSpan? Positive(TimeSpan? value) => value > TimeSpan.Zero ? value : null;
}

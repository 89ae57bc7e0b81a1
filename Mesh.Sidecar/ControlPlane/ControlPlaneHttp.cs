using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>The one HTTP client to the control plane: the push stream, reports and certificate signing.</summary>
internal sealed class ControlPlaneHttp : IDisposable
{
    /// <summary>The client; its base address is not set (callers build absolute URLs).</summary>
    public HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectTimeout = ProxyHttpHandler.ConnectTimeout,
    })
    {
        // The push stream stays open indefinitely; the client enforces its own liveness (missed pings).
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public void Dispose() => Client.Dispose();
}

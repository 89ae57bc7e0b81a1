using System.Net.Http.Headers;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Primitives;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>The one HTTP client to the control plane: the push stream, reports and certificate signing.</summary>
internal sealed class ControlPlaneHttp(IOptions<SidecarOptions> options) : IDisposable
{
    /// <summary>The client; its base address is not set (callers build absolute URLs).</summary>
    public HttpClient Client { get; } = new(new UntracedHandler(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectTimeout = ProxyHttpHandler.ConnectTimeout,
    }))
    {
        // The push stream stays open indefinitely; the client enforces its own liveness (missed pings).
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>
    /// Adds the credential derived from the workload's bootstrap token: the control plane takes a stream, a report or a
    /// signing request only from the sidecar of the workload the AppHost gave the token to. The token itself never
    /// leaves the sidecar, so whatever answers on the control plane's port cannot sign trust bundles with it.
    /// </summary>
    public HttpRequestMessage Authorized(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (options.Value.Token is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WorkloadToken.Credential(token));
        }

        return request;
    }

    public void Dispose() => Client.Dispose();
}

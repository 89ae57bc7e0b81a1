using Mesh.Sidecar.Outbound.Concrete;
using Mesh.Sidecar.Outbound.Endpoints;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>
/// YARP's transformer for one try of a routed request: applies the route's and destination's header
/// operations and rewrite, names the identities the endpoint may present (for a mutual-TLS connection it opens), and
/// holds back a response the request's <see cref="RetryState"/> retries (YARP then discards it without sending anything
/// to the caller, so the next try can answer instead).
/// </summary>
/// <remarks>
/// An answer that goes to the caller ends the try's timeout, as Envoy ignores a per-try timeout once the response has
/// started downstream (a streamed body then runs until the route's timeout); an accepted upgrade also ends the route's
/// timeout, as Envoy disarms both when a WebSocket upgrade succeeds: an open WebSocket is bounded only by its silence
/// (the stream idle timeout).
/// </remarks>
internal sealed class RouteTransformer(CompiledRoute route, RouteDestination destination, EndpointModel endpoint, RequestMatcher? matched, RetryState retries)
    : HttpTransformer
{
    /// <summary>The status of a response held back for a retry; null when the response went to the caller.</summary>
    public int? HeldBackStatus { get; private set; }

    /// <summary>The route's timeout, which an accepted upgrade ends; null when the route has none.</summary>
    public CancellationTokenSource? RouteTimeout { get; init; }

    /// <summary>This try's timeout, which an answer that goes to the caller ends; null when the route has none.</summary>
    public CancellationTokenSource? TryTimeout { get; init; }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(proxyRequest);
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        // The caller's Host goes on to the peer (and so to the app), as Envoy keeps :authority; a rewrite may replace it.
        if (httpContext.Request.Host.HasValue)
        {
            proxyRequest.Headers.Host = httpContext.Request.Host.Value;
        }

        if (route.Config.Rewrite is { } rewrite)
        {
            Rewrite(httpContext.Request, proxyRequest, destinationPrefix, rewrite);
        }

        PeerIdentities.Expect(proxyRequest, endpoint, destination.Cluster.State.Policy.Tls);
        route.RequestHeaders?.Apply(proxyRequest);
        destination.RequestHeaders?.Apply(proxyRequest);
        if (destination.Cluster.State.Policy.ConnectionPool?.MaxRequestsPerConnection == 1)
        {
            // Istio's maxRequestsPerConnection: 1 turns keep-alive off: the connection closes after this request.
            proxyRequest.Headers.ConnectionClose = true;
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (proxyResponse is not null && retries.RetriesAnswer(proxyResponse))
        {
            HeldBackStatus = (int)proxyResponse.StatusCode;
            return false;
        }

        if (proxyResponse is not null)
        {
            TryTimeout?.CancelAfter(Timeout.InfiniteTimeSpan);
            if (Upgrades.Accepted(proxyResponse))
            {
                RouteTimeout?.CancelAfter(Timeout.InfiniteTimeSpan);
                UpgradedConnection.Of(httpContext)?.Reached(endpoint.Destination, PeerConnections.UsesMutualTls(endpoint, destination.Cluster.State.Policy.Tls));
            }
        }

        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        GeneratedCookie.AddTo(httpContext);
        route.ResponseHeaders?.Apply(httpContext.Response);
        destination.ResponseHeaders?.Apply(httpContext.Response);
        return copyBody;
    }

    private void Rewrite(HttpRequest request, HttpRequestMessage proxyRequest, string destinationPrefix, RewriteConfig rewrite)
    {
        if (rewrite.Path is { } path)
        {
            var rewritten = PathRewrite.Apply(request.Path.Value ?? "/", path, rewrite.PathReplacement, matched);
            proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, new PathString(rewritten), request.QueryString);
        }

        if (rewrite.Authority is { } authority)
        {
            proxyRequest.Headers.Host = authority;
        }
    }
}

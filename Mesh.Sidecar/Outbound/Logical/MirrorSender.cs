using Mesh.Sidecar.Outbound.Concrete;
using Mesh.Sidecar.Outbound.Endpoints;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>
/// Istio's traffic mirroring: a copy of the request goes to the mirror cluster, fire and forget, with
/// <c>-shadow</c> appended to its Host as Envoy does; the mirror's answer is read and dropped, and its
/// failures never touch the original request. A request body (with a Content-Length up to
/// <see cref="MaxMirroredBody"/>) is buffered once and sent to both; larger or chunked bodies are not mirrored.
/// At most <see cref="MaxInFlight"/> copies are in flight: beyond that a copy is dropped and counted as an overflow
/// (<c>UO</c>) of the mirror's endpoint, as Envoy's circuit breaker on the mirror cluster would.
/// </summary>
/// <remarks>
/// Envoy copies the request for its mirrors once the route has finalized it, so the copy carries the route's (and the
/// chosen destination's) request header operations and rewritten path and authority, as the real request does.
/// </remarks>
internal sealed partial class MirrorSender(PeerConnections connections, ILogger<MirrorSender> logger)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Copies in flight at most. A copy is fire and forget, so a slow or silent mirror would otherwise gather requests,
    /// sockets and buffered bodies without end; 64 holds at most 64 MiB of bodies.
    /// </summary>
    public const int MaxInFlight = 64;

    private int _inFlight;

    /// <summary>The largest body mirrored (Envoy buffers mirrored bodies too, up to its buffer limit).</summary>
    public const int MaxMirroredBody = 1024 * 1024;

    /// <summary>Reads the request body into memory and rewinds it for the real destination; null when it cannot be mirrored.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is not { } length || length is <= 0 or > MaxMirroredBody)
        {
            return null;
        }

        request.EnableBuffering();
        var body = new byte[length];
        await request.Body.ReadExactlyAsync(body, cancellationToken);
        request.Body.Position = 0;
        return body;
    }

    public void Send(HttpContext context, Cluster cluster, MirroredRoute route, byte[]? body = null)
    {
        var endpoint = cluster.Pick(context);
        if (endpoint is null)
        {
            return;
        }

        if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            endpoint.Stats.Record(StatusCodes.Status503ServiceUnavailable, ResponseFlag.UpstreamOverflow);
            Log.MirrorDropped(logger, endpoint.Workload, MaxInFlight);
            return;
        }

        HttpRequestMessage copy;
        HttpMessageInvoker invoker;
        try
        {
            (copy, invoker) = Copy(context, cluster, route, endpoint, body);
        }
        catch
        {
            Interlocked.Decrement(ref _inFlight);
            throw;
        }

        // The copy's span is current only while its send starts, so the copy's trace headers name it and the request's
        // own tries do not nest under it.
        var current = Activity.Current;
        var span = AttemptSpan.StartMirror(cluster.Name, endpoint.Upstream);
        _ = SendAsync(copy, endpoint, invoker, span);
        Activity.Current = current;
    }

    private (HttpRequestMessage Copy, HttpMessageInvoker Invoker) Copy(HttpContext context, Cluster cluster, MirroredRoute route, EndpointModel endpoint, byte[]? body)
    {
        var request = context.Request;
        var rewrite = route.Route.Config.Rewrite;
        var path = rewrite?.Path is { } replacement
            ? new PathString(PathRewrite.Apply(request.Path.Value ?? "/", replacement, rewrite.PathReplacement, route.Matched))
            : request.Path;
        var copy = new HttpRequestMessage(new HttpMethod(request.Method), endpoint.Address + path.ToUriComponent() + request.QueryString.ToUriComponent());
        copy.Content = body is null ? null : new ByteArrayContent(body);
        var connection = request.Headers.Connection;
        foreach (var (name, values) in request.Headers)
        {
            // Hop-by-hop headers describe the caller's connection, not the request: the copy travels on another.
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase) || HopByHop.Is(name, connection))
            {
                continue;
            }

            // Content-* headers go with the copied body, and are dropped when there is none.
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                copy.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
            else
            {
                copy.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        copy.Headers.Host = Shadow(rewrite?.Authority ?? request.Host.Value);
        route.Route.RequestHeaders?.Apply(copy);
        route.Destination.RequestHeaders?.Apply(copy);
        // The same pool and protocol the route's own tries use.
        var (invoker, config) = connections.ForPeer(endpoint, cluster.State.Policy, request.Protocol);
        PeerIdentities.Expect(copy, endpoint, cluster.State.Policy.Tls);
        if (config.Version is { } version)
        {
            copy.Version = version;
            copy.VersionPolicy = config.VersionPolicy ?? copy.VersionPolicy;
        }

        return (copy, invoker);
    }

    private async Task SendAsync(HttpRequestMessage copy, EndpointModel endpoint, HttpMessageInvoker invoker, Activity? span)
    {
        using var _ = copy;
        using var timeout = new CancellationTokenSource(s_timeout);
        endpoint.Stats.BeginRequest();
        var status = 0;
        var flag = ResponseFlag.None;
        try
        {
            using var response = await invoker.SendAsync(copy, timeout.Token);
            status = (int)response.StatusCode;
            endpoint.Stats.Record(status, ResponseFlag.None);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            flag = ResponseFlag.UpstreamConnectionFailure;
            Log.MirrorFailed(logger, endpoint.Workload, ex.Message);
        }
        finally
        {
            AttemptSpan.End(span, status, flag, "mirror");
            endpoint.Stats.EndRequest();
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>The route a mirrored request was matched by: its rewrite and header operations apply to the copy.</summary>
    internal readonly record struct MirroredRoute(CompiledRoute Route, RouteDestination Destination, RequestMatcher? Matched);

    // reviews:9080 -> reviews-shadow:9080
    private static string Shadow(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return "mirror-shadow";
        }

        var colon = host.LastIndexOf(':');
        return colon > 0 && !host.EndsWith(']') ? host[..colon] + "-shadow" + host[colon..] : host + "-shadow";
    }

    private static partial class Log
    {
        [LoggerMessage(201, LogLevel.Debug, "Mirrored request to {Workload} failed: {Reason}")]
        public static partial void MirrorFailed(ILogger logger, string workload, string reason);

        [LoggerMessage(202, LogLevel.Debug, "Dropped a mirrored request to {Workload}: {MaxInFlight} copies are in flight already")]
        public static partial void MirrorDropped(ILogger logger, string workload, int maxInFlight);
    }
}

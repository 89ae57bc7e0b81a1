using System.Globalization;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Primitives;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// One line per request in Envoy's default access-log format (<c>Mesh:AccessLog</c>, off by default: a line per request
/// costs CPU on every hop), each field a structured property:
/// <c>[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS%
/// %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%"
/// "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"</c>, then Istio's
/// <c>%UPSTREAM_CLUSTER%</c> and <c>%ROUTE_NAME%</c>. A field without a value is <c>-</c>, as in Envoy.
/// </summary>
internal sealed partial class AccessLog(ILogger<AccessLog> logger, IOptions<SidecarOptions> options)
{
    private const string None = "-";

    private readonly bool _on = options.Value.AccessLog;

    /// <summary>Whether a line is written per request (then it replaces the flag log's line).</summary>
    public bool Enabled => _on && logger.IsEnabled(LogLevel.Information);

    /// <param name="context">The request.</param>
    /// <param name="request">Its timing and body counts.</param>
    /// <param name="destination">Where it went (its upstream host).</param>
    /// <param name="flag">Envoy's response flag.</param>
    /// <param name="upstream">The upstream cluster and route, when known.</param>
    public void Write(HttpContext context, in ProxyRequest request, in RequestDestination destination, ResponseFlag flag, in UpstreamRoute upstream)
    {
        var http = context.Request;
        var duration = request.ElapsedMilliseconds;
        var headers = http.Headers;
        Log.Request(logger,
            DateTime.UtcNow.AddMilliseconds(-duration).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            http.Method,
            http.Path.Value + http.QueryString.Value,
            http.Protocol,
            context.Response.StatusCode,
            ResponseFlags.ToEnvoy(flag),
            Math.Max(request.RequestBytes, 0),
            Math.Max(request.ResponseBytes, 0),
            (long)duration,
            // Envoy's x-envoy-upstream-service-time is a header the mesh does not add (README, "Headers").
            None,
            Value(headers["x-forwarded-for"]),
            Value(headers.UserAgent),
            Value(headers[RequestId.HeaderName]),
            http.Host.HasValue ? http.Host.Value : None,
            destination.Host ?? None,
            upstream.Cluster ?? None,
            upstream.Route ?? None);
    }

    private static string Value(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 0 ? None : values.ToString();

    private static partial class Log
    {
        [LoggerMessage(303, LogLevel.Information,
            "[{StartTime}] \"{Method} {Path} {Protocol}\" {ResponseCode} {ResponseFlags} {BytesReceived} {BytesSent} {Duration} {UpstreamServiceTime} " +
            "\"{ForwardedFor}\" \"{UserAgent}\" \"{RequestId}\" \"{Authority}\" \"{UpstreamHost}\" {UpstreamCluster} {RouteName}")]
        public static partial void Request(ILogger logger, string startTime, string method, string path, string protocol, int responseCode,
            string responseFlags, long bytesReceived, long bytesSent, long duration, string upstreamServiceTime, string forwardedFor, string userAgent,
            string requestId, string authority, string upstreamHost, string upstreamCluster, string routeName);
    }
}

/// <summary>The upstream cluster (e.g. <c>reviews.default|v2</c>, <c>inbound|9080||</c>) and the matched route's name, for the access log.</summary>
internal readonly record struct UpstreamRoute(string? Cluster, string? Route);

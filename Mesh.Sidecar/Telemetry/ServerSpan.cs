using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// The start of each request's server span, which ASP.NET Core makes (the sidecar listens to its activity source, without
/// OpenTelemetry's ASP.NET Core instrumentation): the sidecar's housekeeping is left out of the traces, as Envoy traces no
/// admin request, and a traced request gets the HTTP tags OpenTelemetry's conventions name (the dashboard shows them);
/// <see cref="RequestSpan"/> names it and adds the mesh's. Done once, where every request enters
/// (<c>Listeners/ListenerDispatchMiddleware</c>), instead of a diagnostic event and a listener per request.
/// </summary>
internal static class ServerSpan
{
    /// <summary>
    /// Untraces <paramref name="context"/>'s span when it is housekeeping: a request to the admin listener (the dashboard's
    /// and the AppHost's health checks, <c>/stats</c>, <c>/config</c>) or any health probe, as the service defaults leave
    /// them out of every process's traces. Otherwise tags it with the request's method, scheme, path, port and protocol.
    /// </summary>
    public static void Begin(HttpContext context, bool housekeeping)
    {
        if (context.Features.Get<IHttpActivityFeature>()?.Activity is not { IsAllDataRequested: true } span)
        {
            return;
        }

        var request = context.Request;
        if (housekeeping || ServiceDefaultsExtensions.IsHealthProbe(request.Path))
        {
            // What OpenTelemetry's own filter does: nothing of it is recorded or exported, nor of what it starts.
            span.IsAllDataRequested = false;
            span.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            return;
        }

        span.DisplayName = request.Method;
        span.AddTag(Tags.Method, request.Method);
        span.AddTag(Tags.Scheme, request.Scheme);
        span.AddTag(Tags.Path, request.Path.HasValue ? request.Path.Value : "/");
        span.AddTag(RequestSpan.Tags.ServerPort, context.Connection.LocalPort);
        span.AddTag(Tags.Protocol, ProtocolVersion(request.Protocol));
    }

    /// <summary>The answer's status; a 5xx marks the span failed, as OpenTelemetry's conventions do for a server.</summary>
    public static void End(Activity span, int status)
    {
        ArgumentNullException.ThrowIfNull(span);
        span.AddTag(Tags.StatusCode, status);
        if (status >= 500)
        {
            span.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static string ProtocolVersion(string protocol) => protocol switch
    {
        "HTTP/1.1" => "1.1",
        "HTTP/2" => "2",
        "HTTP/1.0" => "1.0",
        "HTTP/3" => "3",
        _ => protocol,
    };

    /// <summary>OpenTelemetry's names for them (semantic conventions for HTTP server spans; <c>server.port</c> is <see cref="RequestSpan.Tags.ServerPort"/>).</summary>
    public static class Tags
    {
        public const string Method = "http.request.method";
        public const string Scheme = "url.scheme";
        public const string Path = "url.path";
        public const string Protocol = "network.protocol.version";
        public const string StatusCode = "http.response.status_code";
    }
}

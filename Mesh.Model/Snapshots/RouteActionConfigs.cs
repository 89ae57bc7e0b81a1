using System.Text.Json.Serialization;

namespace Mesh.Model.Snapshots;

// What a compiled route does besides choosing a destination: retries, faults, mirrors, header operations,
// rewrites, redirects and direct responses; and the gateway's routes by host.

/// <summary>Retry policy.</summary>
public sealed record RetryConfig
{
    /// <summary>
    /// Istio's default policy when a route sets none: 2 attempts on connect-failure, refused-stream,
    /// unavailable and cancelled, Envoy's 25 ms base backoff.
    /// </summary>
    public static RetryConfig IstioDefault { get; } = new()
    {
        Attempts = 2,
        RetryOn = ["connect-failure", "refused-stream", "unavailable", "cancelled"],
        Backoff = TimeSpan.FromMilliseconds(25),
    };

    /// <summary>Retries after the first try; 0 disables retries.</summary>
    public required int Attempts { get; init; }

    /// <summary>Timeout of each try; null for the route's timeout.</summary>
    public TimeSpan? PerTryTimeout { get; init; }

    /// <summary>Envoy retry conditions (<c>5xx</c>, <c>gateway-error</c>, <c>connect-failure</c>, ...) and status codes (<c>503</c>).</summary>
    public IReadOnlyList<string> RetryOn { get; init; } = [];

    /// <summary>Base interval of the exponential backoff between tries.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromMilliseconds(25);
}

/// <summary>Fault injection.</summary>
public sealed record FaultConfig
{
    /// <summary>Delay before forwarding.</summary>
    public DelayFaultConfig? Delay { get; init; }

    /// <summary>Answer with an error instead of forwarding.</summary>
    public AbortFaultConfig? Abort { get; init; }
}

/// <summary>Delay <see cref="Percentage"/> percent of requests by <see cref="Duration"/> (response flag <c>DI</c>).</summary>
public sealed record DelayFaultConfig
{
    /// <summary>The delay.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>0-100.</summary>
    public required double Percentage { get; init; }
}

/// <summary>Abort <see cref="Percentage"/> percent of requests with <see cref="HttpStatus"/> (response flag <c>FI</c>).</summary>
public sealed record AbortFaultConfig
{
    /// <summary>The status to answer with; 200 for a gRPC status (Envoy's fault filter answers a gRPC abort with HTTP 200).</summary>
    public required int HttpStatus { get; init; }

    /// <summary>
    /// The gRPC status (0-16) to answer gRPC requests with, in a trailers-only reply; null for an HTTP status abort (a gRPC
    /// request then gets the status Envoy maps from <see cref="HttpStatus"/>).
    /// </summary>
    public int? GrpcStatus { get; init; }

    /// <summary>0-100.</summary>
    public required double Percentage { get; init; }
}

/// <summary>A mirror destination.</summary>
public sealed record MirrorConfig
{
    /// <summary>Service name.</summary>
    public required string Service { get; init; }

    /// <summary>Service namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>Subset name, if any.</summary>
    public string? Subset { get; init; }

    /// <summary>Labels an endpoint must carry.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = Resources.Empty.Map;

    /// <summary>0-100 percent of requests mirrored.</summary>
    public required double Percentage { get; init; }
}

/// <summary>Header operations: remove, then set (overwrite), then add (append), as Envoy applies them.</summary>
public sealed record HeaderOperationsConfig
{
    /// <summary>Headers to overwrite.</summary>
    public IReadOnlyList<HeaderValueConfig> Set { get; init; } = [];

    /// <summary>Headers to append to.</summary>
    public IReadOnlyList<HeaderValueConfig> Add { get; init; } = [];

    /// <summary>Headers to remove.</summary>
    public IReadOnlyList<string> Remove { get; init; } = [];
}

/// <summary>A header and its value.</summary>
public sealed record HeaderValueConfig
{
    /// <summary>Header name.</summary>
    public required string Name { get; init; }

    /// <summary>Value.</summary>
    public required string Value { get; init; }
}

/// <summary>How a path rewrite or redirect replaces the path.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PathReplacement>))]
public enum PathReplacement
{
    /// <summary>Replace the part a prefix match matched; with any other match (or none), the whole path.</summary>
    MatchedPrefix,

    /// <summary>Replace the whole path.</summary>
    FullPath,
}

/// <summary>Rewrite before forwarding.</summary>
public sealed record RewriteConfig
{
    /// <summary>The new path (or prefix), if any.</summary>
    public string? Path { get; init; }

    /// <summary>How <see cref="Path"/> replaces the request's path.</summary>
    public PathReplacement PathReplacement { get; init; }

    /// <summary>The new authority (Host header), if any.</summary>
    public string? Authority { get; init; }
}

/// <summary>Answer with a redirect.</summary>
public sealed record RedirectConfig
{
    /// <summary>The new path (or prefix), if any.</summary>
    public string? Path { get; init; }

    /// <summary>How <see cref="Path"/> replaces the request's path.</summary>
    public PathReplacement PathReplacement { get; init; }

    /// <summary>The new authority (host), if any.</summary>
    public string? Authority { get; init; }

    /// <summary>The new port, if any.</summary>
    public int? Port { get; init; }

    /// <summary>Where the port comes from when <see cref="Port"/> names none.</summary>
    public RedirectPortSource PortSource { get; init; }

    /// <summary>The new scheme, if any.</summary>
    public string? Scheme { get; init; }

    /// <summary>Status: 301 by default for Istio, 302 for the Gateway API.</summary>
    public required int StatusCode { get; init; }
}

/// <summary>Where a redirect's port comes from when it names none. A port that is its scheme's default is left out of the Location.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RedirectPortSource>))]
public enum RedirectPortSource
{
    /// <summary>
    /// Envoy's default (Istio without <c>derivePort</c>): the request's Host keeps its port, which goes when the redirect
    /// names a host, or when it changes the scheme and the port was the old scheme's default.
    /// </summary>
    Request,

    /// <summary>The scheme's default port (Istio <c>FROM_PROTOCOL_DEFAULT</c>; the Gateway API's RequestRedirect with a scheme).</summary>
    ProtocolDefault,

    /// <summary>
    /// The port the caller reached the listener at, as its Host names it (Istio <c>FROM_REQUEST_PORT</c>; the Gateway API's
    /// RequestRedirect without scheme or port: "the Gateway Listener port").
    /// </summary>
    Listener,
}

/// <summary>Answer with a fixed response.</summary>
public sealed record DirectResponseConfig
{
    /// <summary>Status.</summary>
    public required int Status { get; init; }

    /// <summary>Body, if any.</summary>
    public string? Body { get; init; }
}

/// <summary>The gateway's routes for one host pattern.</summary>
public sealed record VirtualHostConfig
{
    /// <summary>Host pattern: exact, <c>*.example.com</c> or <c>*</c>; matched against the Host header without port.</summary>
    public required string Host { get; init; }

    /// <summary>Routes in order, as <see cref="DestinationConfig.Routes"/>.</summary>
    public required IReadOnlyList<RouteConfig> Routes { get; init; }
}

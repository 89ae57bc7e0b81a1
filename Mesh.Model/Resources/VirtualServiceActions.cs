namespace Mesh.Model.Resources;

/// <summary>Istio's <c>HTTPRetry</c>.</summary>
public sealed record HttpRetry
{
    /// <summary><c>attempts</c>: retries allowed (not counting the first try); 0 disables retries.</summary>
    public int? Attempts { get; init; }

    /// <summary><c>perTryTimeout</c>.</summary>
    public TimeSpan? PerTryTimeout { get; init; }

    /// <summary><c>retryOn</c>: comma-separated Envoy retry conditions and status codes.</summary>
    public string? RetryOn { get; init; }

    /// <summary><c>backoff</c>: base interval between retries (Envoy's default is 25 ms).</summary>
    public TimeSpan? Backoff { get; init; }
}

/// <summary>Istio's <c>HTTPFaultInjection</c>.</summary>
public sealed record HttpFaultInjection
{
    /// <summary><c>delay</c>.</summary>
    public FaultDelay? Delay { get; init; }

    /// <summary><c>abort</c>.</summary>
    public FaultAbort? Abort { get; init; }
}

/// <summary>Istio's fault <c>Delay</c>.</summary>
public sealed record FaultDelay
{
    /// <summary><c>fixedDelay</c>.</summary>
    public TimeSpan? FixedDelay { get; init; }

    /// <summary><c>percentage.value</c> (or the deprecated integer <c>percent</c>); absent delays no request, as in Istio.</summary>
    public double? Percentage { get; init; }
}

/// <summary>Istio's fault <c>Abort</c>.</summary>
public sealed record FaultAbort
{
    /// <summary><c>httpStatus</c>: 200-599.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>
    /// <c>grpcStatus</c>: a gRPC status by its name in capitals, e.g. <c>UNAVAILABLE</c> (Istio's form; not its number).
    /// Excludes <see cref="HttpStatus"/>: Istio's <c>errorType</c> is one of them.
    /// </summary>
    public string? GrpcStatus { get; init; }

    /// <summary><c>percentage.value</c>; absent aborts no request, as in Istio.</summary>
    public double? Percentage { get; init; }
}

/// <summary>Istio's <c>HTTPMirrorPolicy</c> (an entry of <c>mirrors</c>).</summary>
public sealed record HttpMirrorPolicy
{
    /// <summary><c>destination</c>.</summary>
    public Destination Destination { get; init; } = new();

    /// <summary><c>percentage.value</c>; 100 when absent.</summary>
    public double? Percentage { get; init; }
}

/// <summary>Istio's <c>HTTPRedirect</c>.</summary>
public sealed record HttpRedirect
{
    /// <summary><c>uri</c>: replaces the whole path.</summary>
    public string? Uri { get; init; }

    /// <summary><c>prefixRewrite</c>: replaces the matched prefix of the path.</summary>
    public string? PrefixRewrite { get; init; }

    /// <summary><c>authority</c>: replaces the host.</summary>
    public string? Authority { get; init; }

    /// <summary><c>port</c>.</summary>
    public int? Port { get; init; }

    /// <summary><c>derivePort</c>: where the port comes from instead of <see cref="Port"/> (they exclude each other).</summary>
    public RedirectDerivePort? DerivePort { get; init; }

    /// <summary><c>scheme</c>: <c>http</c> or <c>https</c>.</summary>
    public string? Scheme { get; init; }

    /// <summary><c>redirectCode</c>; 301 when absent, as in Istio.</summary>
    public int? RedirectCode { get; init; }
}

/// <summary>Values of Istio's <c>HTTPRedirect.derivePort</c>.</summary>
public enum RedirectDerivePort
{
    /// <summary><c>FROM_PROTOCOL_DEFAULT</c>: the scheme's default port (80 or 443), so the Location names none.</summary>
    FromProtocolDefault,

    /// <summary><c>FROM_REQUEST_PORT</c>: the port the request reached the proxy at.</summary>
    FromRequestPort,
}

/// <summary>Istio's <c>HTTPRewrite</c>.</summary>
public sealed record HttpRewrite
{
    /// <summary>
    /// <c>uri</c>: replaces the part of the path a prefix <c>uri</c> match matched, or the whole path for other matches.
    /// </summary>
    public string? Uri { get; init; }

    /// <summary><c>authority</c>: replaces the Host header.</summary>
    public string? Authority { get; init; }
}

/// <summary>Istio's <c>HTTPDirectResponse</c>.</summary>
public sealed record HttpDirectResponse
{
    /// <summary><c>status</c>.</summary>
    public int Status { get; init; }

    /// <summary><c>body.string</c>.</summary>
    public string? Body { get; init; }
}

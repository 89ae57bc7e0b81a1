namespace Mesh.Sidecar.Primitives;

/// <summary>
/// Why the sidecar answered or cut a request itself, in Envoy's response-flag vocabulary so Istio users
/// read it as they read Envoy's access logs and the <c>response_flags</c> label.
/// </summary>
internal enum ResponseFlag
{
    /// <summary>No flag: the upstream answered (Envoy prints <c>-</c>).</summary>
    None,

    /// <summary><c>UH</c>: no healthy upstream endpoint to send the request to.</summary>
    NoHealthyUpstream,

    /// <summary><c>UF</c>: connecting to the upstream failed (refused, unreachable, name not resolved).</summary>
    UpstreamConnectionFailure,

    /// <summary><c>UT</c>: the upstream did not answer in time.</summary>
    UpstreamRequestTimeout,

    /// <summary><c>UC</c>: the upstream connection was reset or closed before or while answering.</summary>
    UpstreamConnectionTermination,

    /// <summary><c>UPE</c>: the upstream's response could not be proxied back (a protocol error).</summary>
    UpstreamProtocolError,

    /// <summary><c>DC</c>: the caller went away or its request body failed.</summary>
    DownstreamConnectionTermination,

    /// <summary><c>DPE</c>: the caller's request could not be turned into an upstream request.</summary>
    DownstreamProtocolError,

    /// <summary><c>SI</c>: an upgraded (WebSocket) stream was idle past its timeout.</summary>
    StreamIdleTimeout,

    /// <summary><c>NR</c>: no route matched the request (404).</summary>
    NoRouteFound,

    /// <summary><c>UO</c>: a circuit breaker's limit was reached (503).</summary>
    UpstreamOverflow,

    /// <summary><c>FI</c>: the request was aborted by fault injection.</summary>
    FaultInjected,

    /// <summary><c>DI</c>: the request was delayed by fault injection (then forwarded).</summary>
    DelayInjected,

    /// <summary><c>RL</c>: a local rate limit refused the request (429).</summary>
    RateLimited,

    /// <summary><c>URX</c>: the upstream failed and the retry limit (attempts or the retry budget) was reached.</summary>
    UpstreamRetryLimitExceeded,
}

/// <summary>The response-flag header and the Envoy spelling of each <see cref="ResponseFlag"/>.</summary>
internal static class ResponseFlags
{
    /// <summary>
    /// Response header naming the flag when the sidecar answers or fails a request itself. Envoy keeps
    /// flags in its access log only; a header lets a caller (and a test) see why without the log.
    /// </summary>
    public const string HeaderName = "x-mesh-response-flags";

    /// <summary>The number of <see cref="ResponseFlag"/> values (sizes per-flag counter arrays).</summary>
    public const int Count = (int)ResponseFlag.UpstreamRetryLimitExceeded + 1;

    private static readonly string[] s_names = ["-", "UH", "UF", "UT", "UC", "UPE", "DC", "DPE", "SI", "NR", "UO", "FI", "DI", "RL", "URX"];

    /// <summary>The flag as Envoy writes it, e.g. <c>UH</c>; <c>-</c> for <see cref="ResponseFlag.None"/>.</summary>
    public static string ToEnvoy(ResponseFlag flag) => s_names[(int)flag];
}

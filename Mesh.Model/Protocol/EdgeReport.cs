namespace Mesh.Model.Protocol;

/// <summary>
/// One edge of the mesh graph as a sidecar counted it: cumulative counters since the sidecar started, sent in every
/// <see cref="SidecarReport"/>. The control plane turns two reports' difference into rates.
/// </summary>
public sealed record EdgeReport
{
    /// <summary><c>destination</c> when the destination's inbound side counted the requests, <c>source</c> when the caller
    /// counted requests that reached no destination workload (see <see cref="EdgeTelemetry"/>).</summary>
    public required string Reporter { get; init; }

    /// <summary>The calling workload; <c>unknown</c> for a caller outside the mesh (plain text).</summary>
    public required string Source { get; init; }

    /// <summary>The service the requests were for.</summary>
    public required string DestinationService { get; init; }

    /// <summary>The workload that answered; <c>unknown</c> when the requests reached none.</summary>
    public required string DestinationWorkload { get; init; }

    /// <summary>Requests finished.</summary>
    public long Requests { get; init; }

    /// <summary>Requests that failed: a 5xx, or a failure the mesh answered itself (a response flag other than delay or rate limit).</summary>
    public long Errors { get; init; }

    /// <summary>Requests an AuthorizationPolicy denied (403).</summary>
    public long Denials { get; init; }

    /// <summary>Requests a local rate limit refused (429, flag <c>RL</c>).</summary>
    public long RateLimited { get; init; }

    /// <summary>Requests that arrived over mutual TLS.</summary>
    public long MutualTls { get; init; }

    /// <summary>Requests per latency bucket: one count per bound of <see cref="EdgeTelemetry.LatencyBoundsMs"/>, then one past the last.</summary>
    public required IReadOnlyList<long> LatencyBuckets { get; init; }
}

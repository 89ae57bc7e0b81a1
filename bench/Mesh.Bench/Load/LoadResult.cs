namespace Mesh.Bench.Load;

/// <summary>What one measured run of the load generator saw (warm-up excluded).</summary>
/// <param name="TargetRate">Requests per second asked for; 0 for a closed-loop run.</param>
/// <param name="AchievedRate">Requests per second completed in the measured window.</param>
/// <param name="Requests">Requests completed in the measured window.</param>
/// <param name="Errors">Failed requests (non-200 or exception) over the whole run, warm-up included.</param>
/// <param name="FirstError">The first failure's reason, if any.</param>
/// <param name="Latency">Open loop: from each request's scheduled send time; closed loop: from its actual send.</param>
/// <param name="SendLag">Open loop only: how late the generator actually sent, after its schedule.</param>
/// <param name="Connections">The client's connection limit.</param>
internal sealed record LoadResult(double TargetRate, double AchievedRate, long Requests, long Errors, string? FirstError,
    Percentiles Latency, Percentiles? SendLag, int Connections);

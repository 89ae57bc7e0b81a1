using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Graph;

/// <summary>
/// Checks the edges of a sidecar's report before the graph keeps them: a report is input from outside, so its size is
/// bounded, every name and counter is checked, and a sidecar may only report edges it is a party to (the destination of
/// what it counted inbound, the source of what it counted outbound).
/// </summary>
internal static class EdgeReportValidator
{
    /// <summary>The first problem, naming the field (e.g. <c>edges[2].latencyBuckets</c>); null when the edges are valid.</summary>
    public static string? Validate(string workload, IReadOnlyList<EdgeReport>? edges)
    {
        if (edges is null)
        {
            return null;
        }

        if (edges.Count > EdgeTelemetry.MaxEdgesPerReport)
        {
            return $"edges: {edges.Count} edges; a report carries at most {EdgeTelemetry.MaxEdgesPerReport}.";
        }

        var seen = new HashSet<EdgeKey>();
        for (var i = 0; i < edges.Count; i++)
        {
            if (edges[i] is not { } edge)
            {
                return $"edges[{i}]: must be an edge object, not null.";
            }

            if (Check(workload, edge) is { } problem)
            {
                return $"edges[{i}].{problem}";
            }

            if (!seen.Add(EdgeKey.Of(edge)))
            {
                return $"edges[{i}]: the edge {edge.Source} -> {edge.DestinationService}/{edge.DestinationWorkload} appears twice.";
            }
        }

        return null;
    }

    private static string? Check(string workload, EdgeReport edge) =>
        edge.Reporter switch
        {
            EdgeTelemetry.DestinationReporter when edge.DestinationWorkload != workload =>
                $"destinationWorkload: '{edge.DestinationWorkload}' is not the reporting workload '{workload}'; a destination reports only what reached it.",
            EdgeTelemetry.SourceReporter when edge.Source != workload =>
                $"source: '{edge.Source}' is not the reporting workload '{workload}'; a source reports only its own calls.",
            EdgeTelemetry.DestinationReporter or EdgeTelemetry.SourceReporter => CheckName("source", edge.Source)
                ?? CheckName("destinationService", edge.DestinationService)
                ?? CheckName("destinationWorkload", edge.DestinationWorkload)
                ?? CheckCounters(edge),
            _ => $"reporter: '{edge.Reporter}' must be '{EdgeTelemetry.DestinationReporter}' or '{EdgeTelemetry.SourceReporter}'.",
        };

    private static string? CheckName(string field, string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > EdgeTelemetry.MaxNameLength)
        {
            return $"{field}: must be a name of 1 to {EdgeTelemetry.MaxNameLength} characters.";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
            {
                return $"{field}: '{name}' may hold only letters, digits, '-', '.' and '_'.";
            }
        }

        return null;
    }

    private static string? CheckCounters(EdgeReport edge)
    {
        if (edge.Requests < 0)
        {
            return "requests: must not be negative.";
        }

        foreach (var (field, value) in new[] { ("errors", edge.Errors), ("denials", edge.Denials), ("rateLimited", edge.RateLimited), ("mutualTls", edge.MutualTls) })
        {
            if (value < 0 || value > edge.Requests)
            {
                return $"{field}: {value} must be between 0 and requests ({edge.Requests}).";
            }
        }

        if (edge.LatencyBuckets is null || edge.LatencyBuckets.Count != EdgeTelemetry.LatencyBucketCount)
        {
            return $"latencyBuckets: must hold {EdgeTelemetry.LatencyBucketCount} counts, one per bound and one past the last; got {edge.LatencyBuckets?.Count ?? 0}.";
        }

        return edge.LatencyBuckets.Any(static b => b < 0) ? "latencyBuckets: counts must not be negative." : null;
    }
}

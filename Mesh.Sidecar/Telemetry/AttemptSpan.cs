using System.Diagnostics;
using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// One span per upstream try and per mirrored copy, as Envoy's router opens a child span for each upstream request
/// (<c>router &lt;cluster&gt; egress</c>): a retried request shows every try with its number and outcome, under the
/// request's span; the try's context is what the upstream receives (no HttpClient span under it, as none in Envoy). No listener, no span: <see cref="ActivitySource"/>
/// returns null and nothing is allocated.
/// </summary>
internal static class AttemptSpan
{
    /// <summary>The activity source of these spans; the sidecar exports it.</summary>
    public const string SourceName = "Mesh.Sidecar";

    private static readonly ActivitySource s_source = new(SourceName);

    /// <summary>Starts try number <paramref name="attempt"/> (1 for the first) to <paramref name="address"/> of <paramref name="cluster"/>.</summary>
    public static Activity? StartTry(string cluster, string address, int attempt)
    {
        var span = Start(cluster, address, "egress");
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(RequestSpan.Tags.Attempt, attempt);
            if (attempt > 1)
            {
                // Envoy tags a retry's span with the retries before it.
                span.SetTag(RequestSpan.Tags.RetryCount, attempt - 1);
            }
        }

        return span;
    }

    /// <summary>Starts the span of a mirrored copy to <paramref name="address"/> of <paramref name="cluster"/>.</summary>
    public static Activity? StartMirror(string cluster, string address)
    {
        var span = Start(cluster, address, "mirror");
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(RequestSpan.Tags.Mirror, true);
        }

        return span;
    }

    /// <summary>
    /// Ends a try: its status (0 when none came), its flag, and <paramref name="outcome"/>: <c>retry</c> when another try
    /// follows, <c>done</c> when this one's answer (good or not) is the request's.
    /// </summary>
    public static void End(Activity? span, int status, ResponseFlag flag, string outcome)
    {
        if (span is null)
        {
            return;
        }

        if (span.IsAllDataRequested)
        {
            if (status > 0)
            {
                span.SetTag(RequestSpan.Tags.StatusCode, status);
            }

            span.SetTag(RequestSpan.Tags.ResponseFlags, ResponseFlags.ToEnvoy(flag));
            span.SetTag(RequestSpan.Tags.Outcome, outcome);
            if (flag != ResponseFlag.None || status >= 500)
            {
                span.SetStatus(ActivityStatusCode.Error);
            }
        }

        span.Dispose();
    }

    private static Activity? Start(string cluster, string address, string what)
    {
        // The send to the upstream: a client span, as Envoy's upstream span (there is no HttpClient span under it).
        var span = s_source.StartActivity(ActivityKind.Client);
        if (span is { IsAllDataRequested: true })
        {
            span.DisplayName = $"router {cluster} {what}";
            span.SetTag(RequestSpan.Tags.Component, "proxy");
            span.SetTag(RequestSpan.Tags.UpstreamCluster, cluster);
            span.SetTag(RequestSpan.Tags.UpstreamAddress, address);
        }

        return span;
    }
}

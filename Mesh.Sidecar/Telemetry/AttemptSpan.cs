using System.Diagnostics;
using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// One span per upstream try and per mirrored copy, as Envoy's router opens a child span for each upstream request
/// (<c>router &lt;cluster&gt; egress</c>): a retried request shows every try with its number and outcome, under the
/// request's span. A try's context is what its upstream receives: there is no HttpClient span under it, as there is none
/// in Envoy. No listener, no span: <see cref="ActivitySource"/> returns null and nothing is allocated.
/// </summary>
internal static class AttemptSpan
{
    /// <summary>The activity source of these spans; the sidecar exports it.</summary>
    public const string SourceName = "Mesh.Sidecar";

    private static readonly ActivitySource s_source = new(SourceName);

    /// <summary>Starts try number <paramref name="attempt"/> (1 for the first) to <paramref name="upstream"/> of <paramref name="cluster"/>.</summary>
    public static Activity? StartTry(string cluster, in Upstream upstream, int attempt)
    {
        var span = Start(cluster, upstream, "egress");
        if (span is { IsAllDataRequested: true })
        {
            span.AddTag(RequestSpan.Tags.Attempt, attempt);
            if (attempt > 1)
            {
                // Envoy tags a retry's span with the retries before it.
                span.AddTag(RequestSpan.Tags.RetryCount, attempt - 1);
            }
        }

        return span;
    }

    /// <summary>Starts the span of a mirrored copy to <paramref name="upstream"/> of <paramref name="cluster"/>.</summary>
    public static Activity? StartMirror(string cluster, in Upstream upstream)
    {
        var span = Start(cluster, upstream, "mirror");
        if (span is { IsAllDataRequested: true })
        {
            span.AddTag(RequestSpan.Tags.Mirror, true);
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
                span.AddTag(RequestSpan.Tags.StatusCode, status);
            }

            span.AddTag(RequestSpan.Tags.ResponseFlags, ResponseFlags.ToEnvoy(flag));
            span.AddTag(RequestSpan.Tags.Outcome, outcome);
            if (flag != ResponseFlag.None || status >= 500)
            {
                span.SetStatus(ActivityStatusCode.Error);
            }
        }

        span.Dispose();
    }

    private static Activity? Start(string cluster, in Upstream upstream, string what)
    {
        // The send to the upstream: a client span, as Envoy's upstream span (there is no HttpClient span under it). It
        // names its server as OpenTelemetry's client spans do, which the dashboard reads as the call's destination.
        var span = s_source.StartActivity(ActivityKind.Client);
        if (span is { IsAllDataRequested: true })
        {
            span.DisplayName = $"router {cluster} {what}";
            span.AddTag(RequestSpan.Tags.Component, "proxy");
            span.AddTag(RequestSpan.Tags.UpstreamCluster, cluster);
            span.AddTag(RequestSpan.Tags.UpstreamAddress, upstream.Address);
            span.AddTag(RequestSpan.Tags.ServerAddress, upstream.Host);
            span.AddTag(RequestSpan.Tags.ServerPort, upstream.Port);
        }

        return span;
    }
}

/// <summary>Where a try or a copy goes: the forwarder's destination prefix and, parsed from it once per snapshot, its host and port.</summary>
internal readonly record struct Upstream(string Address, string Host, int Port)
{
    /// <summary>Parses <paramref name="address"/> (an absolute URL; otherwise it stands for its host, port 0).</summary>
    public static Upstream Of(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) ? new(address, uri.Host, uri.Port) : new(address, address, 0);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Mesh.Sidecar.Tests.Harness;

/// <summary>
/// The spans a sidecar exports: a processor on its own tracer provider (the one its OTLP exporter would read), so a test
/// sees exactly what the dashboard would get. The provider listens to every ASP.NET Core span in the test process (and
/// other hosts of the process may make HTTP client spans it sees), so a test reads the spans of its own trace (<see cref="Trace"/>) or of its own ports.
/// </summary>
internal sealed class SpanCollector : BaseProcessor<Activity>
{
    private readonly ConcurrentQueue<Activity> _spans = new();

    public IReadOnlyList<Activity> Spans => [.. _spans];

    /// <summary>Adds this collector to the sidecar being built.</summary>
    public void AttachTo(WebApplicationBuilder builder) =>
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(this));

    /// <summary>The spans of <paramref name="traceId"/>.</summary>
    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId) => [.. _spans.Where(s => s.TraceId == traceId)];

    /// <summary>Waits until <paramref name="done"/> holds for the spans of <paramref name="traceId"/> (spans end after the answer is sent).</summary>
    public async Task<IReadOnlyList<Activity>> WaitForTraceAsync(ActivityTraceId traceId, Func<IReadOnlyList<Activity>, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var spans = Trace(traceId);
            if (done(spans) || DateTime.UtcNow > deadline)
            {
                return spans;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Starts a sampled trace in the test: requests sent while it is current belong to it.</summary>
    public static Activity StartTrace() => new Activity("test") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.SetIdFormat(ActivityIdFormat.W3C).Start();

    public override void OnEnd(Activity data) => _spans.Enqueue(data);
}

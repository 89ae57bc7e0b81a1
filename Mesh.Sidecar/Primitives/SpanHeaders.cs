using System.Diagnostics;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// The trace headers a forwarded request carries: the incoming ones replaced by the context of the sidecar's own span
/// that sends it, the upstream try's (outbound), the mirror's, or the request's (inbound). Written here rather than by
/// .NET's HTTP handler: the sidecar keeps no <c>HttpClient</c> span, and with no one listening that handler still starts
/// an activity of its own per send (and tags it with the request's address), which cost about a twentieth of a sidecar's
/// CPU per request (bench/README.md) only to propagate its parent, the span that is current here.
/// </summary>
internal static class SpanHeaders
{
    private static readonly DistributedContextPropagator.PropagatorSetterCallback s_setter = static (carrier, name, value) =>
        ((HttpRequestMessage)carrier!).Headers.TryAddWithoutValidation(name, value);

    // The process's propagator as the sidecar first forwards (as YARP's propagator took it), and its header names as an
    // array: enumerating its Fields collection would allocate an enumerator on every forwarded request.
    private static readonly DistributedContextPropagator s_propagator = DistributedContextPropagator.Current;
    private static readonly string[] s_fields = [.. s_propagator.Fields];

    /// <summary>
    /// Replaces <paramref name="request"/>'s trace headers (those of the process's propagator, W3C trace context) with
    /// <paramref name="span"/>'s context. Without a span nothing is touched: the caller's headers pass on as they came,
    /// as .NET's handler leaves them when there is no current activity.
    /// </summary>
    public static void Replace(HttpRequestMessage request, Activity? span)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (span is null)
        {
            return;
        }

        foreach (var field in s_fields)
        {
            request.Headers.Remove(field);
        }

        s_propagator.Inject(span, request, s_setter);
    }
}

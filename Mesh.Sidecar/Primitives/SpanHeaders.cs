using System.Diagnostics;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// The trace headers a forwarded request carries: the incoming ones replaced (YARP's <see cref="ReverseProxyPropagator"/>)
/// by the context of the sidecar's own span that sends it, the upstream try's (outbound) or the request's (inbound).
/// The sidecar keeps no <c>HttpClient</c> span; with no one listening, .NET's HTTP handler still starts an unrecorded
/// activity of its own under the current one (so that context flows even without tracing) and would propagate that,
/// naming as the upstream's parent a span no one exports. Its parent, the sidecar's span, is propagated instead.
/// </summary>
internal sealed class SpanHeaders(DistributedContextPropagator inner) : DistributedContextPropagator
{
    // The activity .NET's HTTP handler starts itself when no one listens to its ActivitySource (DiagnosticsHandler).
    private const string UnrecordedSendName = "System.Net.Http.HttpRequestOut";

    private readonly ReverseProxyPropagator _propagator = new(inner);

    /// <summary>For every forwarding pool: the process's propagator (W3C trace context), as YARP's own pools use.</summary>
    public static SpanHeaders Default { get; } = new(Current);

    public override IReadOnlyCollection<string> Fields => _propagator.Fields;

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter) =>
        _propagator.Inject(IsUnrecordedSend(activity) ? activity!.Parent : activity, carrier, setter);

    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState) =>
        _propagator.ExtractTraceIdAndState(carrier, getter, out traceId, out traceState);

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) =>
        _propagator.ExtractBaggage(carrier, getter);

    // Started without an ActivitySource (new Activity(...)): only the handler's own fallback is.
    private static bool IsUnrecordedSend(Activity? activity) =>
        activity is { Parent: not null, OperationName: UnrecordedSendName } && activity.Source.Name.Length == 0;
}

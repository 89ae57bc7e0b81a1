using System.Diagnostics;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// The handler every forwarding pool sends through, between YARP (or the mirror) and the connection pool: the request
/// carries the trace context of the sidecar's span that sends it (<see cref="SpanHeaders"/>) and its body is passed on
/// as it arrives (<see cref="StreamedRequestBody"/>).
/// </summary>
internal sealed class ForwardingHandler(HttpMessageHandler pool) : DelegatingHandler(pool)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        SpanHeaders.Replace(request, Activity.Current);
        StreamedRequestBody.Wrap(request);
        return base.SendAsync(request, cancellationToken);
    }
}

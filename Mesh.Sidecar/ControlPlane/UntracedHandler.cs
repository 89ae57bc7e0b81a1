using OpenTelemetry;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>
/// Every call to the control plane (the push stream, reports, certificate signing) is housekeeping, not the app's
/// traffic: no trace, as Envoy traces none of its xDS or SDS calls. The scope flows into the inner handler, where the
/// HTTP client's span would start.
/// </summary>
internal sealed class UntracedHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var suppress = SuppressInstrumentationScope.Begin();
        return await base.SendAsync(request, cancellationToken);
    }
}

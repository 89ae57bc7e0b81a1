using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Http;

namespace Aspire.Hosting.Internal;

/// <summary>
/// Points the AppHost's health checks of a captured app at the app's private address, as Istio rewrites kubelet probes to
/// bypass the proxy: a policy on the app (allow-nothing, STRICT mTLS, a rate limit, a fault) must never fail its health
/// check, and the checks are Aspire's housekeeping, not traffic. Aspire's HTTP health checks send through a named client
/// (the check's key, which <see cref="HealthCheckAnnotation"/> names); this adds a handler to exactly those clients that
/// moves a request for the app's published endpoint to its <c>mesh-app</c> endpoint. Other requests are untouched.
/// </summary>
internal sealed class HealthCheckRedirect(DistributedApplicationModel model) : IHttpMessageHandlerBuilderFilter
{
    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return builder =>
        {
            next(builder);
            if (builder.Name is { } name && CapturedWorkloadChecking(name) is { } workload)
            {
                builder.AdditionalHandlers.Add(new PrivateAddressHandler(workload));
            }
        };
    }

    private IResourceWithEndpoints? CapturedWorkloadChecking(string clientName)
    {
        foreach (var resource in model.Resources)
        {
            if (resource is IResourceWithEndpoints workload
                && InboundCapture.Applies(workload)
                && workload.TryGetLastAnnotation<MeshWorkloadAnnotation>(out var identity) && identity.Sidecar is not null
                && workload.Annotations.OfType<HealthCheckAnnotation>().Any(check => check.Key == clientName))
            {
                return workload;
            }
        }

        return null;
    }

    /// <summary>Sends a request for the app's published address to its private one (same path and query).</summary>
    internal sealed class PrivateAddressHandler(IResourceWithEndpoints workload) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            if (request.RequestUri is { } uri && SidecarEnvironment.AppEndpoint(workload)?.AllocatedEndpoint is { } published && uri.Port == published.Port)
            {
                var direct = new EndpointReference(workload, SidecarEnvironment.SidecarTargetEndpointName);
                var target = new Uri(await direct.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? uri.GetLeftPart(UriPartial.Authority));
                request.RequestUri = new UriBuilder(uri) { Host = target.Host, Port = target.Port }.Uri;
            }

            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}

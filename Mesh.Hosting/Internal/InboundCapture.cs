using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal;

/// <summary>
/// Inbound capture, Istio's iptables redirection done with Aspire's endpoints: a meshed project's published <c>http</c>
/// endpoint (its dashboard URL, <c>GetEndpoint</c>, <c>CreateHttpClient</c>, <c>WithReference</c> from outside the mesh) is
/// served by its sidecar, and the app listens only on its private <c>mesh-app</c> endpoint, where only the sidecar (and
/// the AppHost's health checks, <see cref="HealthCheckRedirect"/>) go.
/// </summary>
/// <remarks>
/// The published port stays what the launch profile says (productpage keeps 9080): DCP's proxy listens there and forwards
/// to the endpoint's target port, which the sidecar binds instead of the app. A target port DCP would choose per replica
/// is not known to the sidecar, so one is chosen here before DCP starts, from the range Aspire picks proxyless ports from,
/// and reserved by a proxyless endpoint on the sidecar, so Aspire gives it to no other endpoint.
/// </remarks>
internal static class InboundCapture
{
    /// <summary>The sidecar's endpoint that reserves the app's target port when the mesh chose it.</summary>
    internal const string CapturedEndpointName = "captured";

    // Aspire's default range for proxyless ports: below every OS's ephemeral range, so no outgoing connection holds one.
    private const int FirstPort = 10000;
    private const int LastPort = 32767;
    private const int Attempts = 200;

    /// <summary>Whether the mesh moves <paramref name="workload"/>'s published endpoint to its sidecar: ASP.NET Core projects, whose addresses Aspire sets.</summary>
    internal static bool Applies(IResource workload) => workload is ProjectResource;

    /// <summary>
    /// The app's listening filter (<c>WithEndpointsInEnvironment</c>): every endpoint but the captured one goes into its
    /// <c>ASPNETCORE_URLS</c>. Added only in run mode with the mesh on, so a published manifest keeps every endpoint.
    /// </summary>
    internal static bool AppBinds(EndpointAnnotation endpoint) => endpoint.Name != SidecarEnvironment.AppEndpointName;

    /// <summary>The port the sidecar binds in the app's place: the published endpoint's target port.</summary>
    internal static EndpointReferenceExpression CapturedPort(IResourceWithEndpoints workload) =>
        new EndpointReference(workload, SidecarEnvironment.AppEndpointName).Property(EndpointProperty.TargetPort);

    /// <summary>
    /// Gives the app's published endpoint a target port the sidecar can be told before DCP starts (at BeforeStart, once
    /// every endpoint is declared). A proxyless endpoint's port is its target port, allocated by Aspire, so it needs nothing.
    /// </summary>
    internal static void FixTargetPort(IResource workload, MeshSidecarResource sidecar)
    {
        var endpoint = SidecarEnvironment.AppEndpoint(workload);
        if (endpoint is null || endpoint.IsExplicitlyProxied == false || endpoint.TargetPort is not null
            || sidecar.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == CapturedEndpointName))
        {
            return;
        }

        var port = PickFreePort(Random.Shared, IsFree);
        endpoint.TargetPort = port;
        sidecar.Annotations.Add(new EndpointAnnotation(ProtocolType.Tcp, uriScheme: "http", name: CapturedEndpointName, port: port, targetPort: port, isProxied: false));
        sidecar.Annotations.Add(new ResourceUrlsCallbackAnnotation(context =>
        {
            foreach (var url in context.Urls.Where(u => u.Endpoint?.EndpointName == CapturedEndpointName))
            {
                url.DisplayText = $"{workload.Name} (captured)";
                url.DisplayLocation = UrlDisplayLocation.DetailsOnly;
            }
        }));
    }

    /// <summary>A loopback port nothing listens on now, probed as Aspire probes its proxyless ports.</summary>
    internal static int PickFreePort(Random random, Func<int, bool> isFree)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var port = random.Next(FirstPort, LastPort + 1);
            if (isFree(port))
            {
                return port;
            }
        }

        throw new DistributedApplicationException(
            $"The mesh found no free loopback port between {FirstPort} and {LastPort} in {Attempts} tries for a meshed app's private address.");
    }

    internal static bool IsFree(int port)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

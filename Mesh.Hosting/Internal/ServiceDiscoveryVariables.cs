using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal;

/// <summary>
/// Service-discovery variables in the shape Microsoft.Extensions.ServiceDiscovery reads
/// (<c>services__{name}__{scheme}__{index}</c>), as Aspire's own <c>WithReference</c> writes them.
/// </summary>
internal static class ServiceDiscoveryVariables
{
    internal static string Key(string service, string scheme, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"services__{service}__{scheme}__{index}");

    /// <summary>
    /// A logical service: one entry for the caller's outbound listener when the caller is meshed, else
    /// every version's own endpoint (service discovery then round-robins across them).
    /// </summary>
    internal static void WriteLogicalService(EnvironmentCallbackContext context, IResource caller, MeshServiceResource service)
    {
        var env = context.EnvironmentVariables;
        var upstream = FindUpstream(caller, service.Name);
        if (upstream is not null)
        {
            env[Key(service.Name, "http", 0)] = upstream.Listener;
            return;
        }

        var index = 0;
        foreach (var workload in service.Workloads)
        {
            if (SidecarEnvironment.AppEndpoint(workload) is not null)
            {
                env[Key(service.Name, "http", index++)] = new EndpointReference(workload, SidecarEnvironment.AppEndpointName);
            }
        }
    }

    private static MeshUpstream? FindUpstream(IResource caller, string name) =>
        caller.TryGetLastAnnotation<MeshWorkloadAnnotation>(out var identity) ? identity.Sidecar?.FindUpstream(name) : null;
}

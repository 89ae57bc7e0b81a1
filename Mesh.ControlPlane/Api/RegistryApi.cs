using Mesh.ControlPlane.Registry;
using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Api;

/// <summary>Read-only views for tools and tests: the registry and the control plane's own health.</summary>
internal static class RegistryApi
{
    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // Only serving workloads: one whose app stopped answering leaves, as a pod leaves its Service's
        // ready endpoints.
        endpoints.MapGet(ControlPlaneRoutes.Registry, (WorkloadRegistry registry) =>
            TypedResults.Json(registry.GetServingEntries(), MeshJsonContext.Default.IReadOnlyListRegistryEntry));

        endpoints.MapGet(ControlPlaneRoutes.Health, () => TypedResults.Text("ok"));
        return endpoints;
    }
}

using Mesh.ControlPlane.Api.Access;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Registry;
using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Api;

/// <summary>
/// The admin API for configuration: apply (create or replace, like <c>kubectl apply</c>), delete, list,
/// analyze (validate only, like <c>istioctl analyze</c>) and status (like <c>istioctl proxy-status</c>).
/// Bodies are YAML or JSON, several documents allowed. Every route that changes the mesh, or reads a request body,
/// needs the admin credential; the read-only views do not (they reveal no secret).
/// </summary>
internal static class ConfigApi
{
    public static IEndpointRouteBuilder MapConfigApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(AdminRoutes.Apply, async (HttpRequest request, ConfigStore store) =>
        {
            var change = store.Apply(await ReadBodyAsync(request).ConfigureAwait(false));
            return Result(change, change.Applied ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
        }).RequireAdminCredential().Accepting(ContentTypes.Configuration);

        endpoints.MapPost(AdminRoutes.Analyze, async (HttpRequest request, ConfigStore store) =>
        {
            var change = store.Analyze(await ReadBodyAsync(request).ConfigureAwait(false));
            return Result(change, StatusCodes.Status200OK);
        }).RequireAdminCredential().Accepting(ContentTypes.Configuration);

        endpoints.MapDelete(AdminRoutes.Resource, (string kind, string @namespace, string name, ConfigStore store) =>
        {
            var change = store.Delete(kind, @namespace, name);
            var status = change.Applied ? StatusCodes.Status200OK
                : change.Diagnostics.Any(d => d.Message.EndsWith("does not exist", StringComparison.Ordinal)) ? StatusCodes.Status404NotFound
                : StatusCodes.Status400BadRequest;
            return Result(change, status);
        }).RequireAdminCredential();

        endpoints.MapDelete(AdminRoutes.Changes, (ConfigStore store) =>
        {
            var change = store.ClearRuntime();
            return Result(change, change.Applied ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
        }).RequireAdminCredential();

        endpoints.MapGet(AdminRoutes.Resources, (ConfigStore store) =>
        {
            var state = store.Current;
            var entries = state.Resources.Select(r => new ConfigResourceEntry
            {
                ApiVersion = r.ApiVersion,
                Kind = r.Kind,
                Namespace = r.Metadata.Namespace,
                Name = r.Metadata.Name,
                Source = state.Sources[r.Key],
            }).ToList();
            return Results.Json(entries, MeshJsonContext.Default.IReadOnlyListConfigResourceEntry);
        });

        endpoints.MapGet(AdminRoutes.Status, (ConfigStore store, ConfigRejections rejections, WorkloadRegistry registry) =>
        {
            var sidecars = registry.GetStatus();
            var status = new MeshStatus
            {
                ConfigVersion = store.Current.Version,
                SidecarsInSync = sidecars.Count(s => s.InSync),
                Sidecars = sidecars,
                RejectedFileChanges = rejections.Newest,
            };
            return Results.Json(status, MeshJsonContext.Default.MeshStatus);
        });

        return endpoints;
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    private static IResult Result(ConfigChange change, int statusCode) => Results.Json(
        new ConfigChangeResult
        {
            Applied = change.Applied,
            ConfigVersion = change.Version,
            Resources = change.Resources,
            Diagnostics = change.Diagnostics,
            Messages = change.Diagnostics.Select(static d => d.ToString()).ToList(),
        },
        MeshJsonContext.Default.ConfigChangeResult,
        statusCode: statusCode);
}

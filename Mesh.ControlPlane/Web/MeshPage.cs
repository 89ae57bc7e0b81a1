using System.Reflection;
using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Web;

/// <summary>
/// The mesh view: one HTML page, its stylesheet and its script, embedded in the program (no CDN, nothing to install),
/// drawing <c>/v1/graph/stream</c> as a graph. Read once at start.
/// </summary>
internal static class MeshPage
{
    private static readonly (string Route, string File, string ContentType)[] s_files =
    [
        (MeshViewRoutes.Page, "mesh.html", "text/html; charset=utf-8"),
        (MeshViewRoutes.Page + "/mesh.css", "mesh.css", "text/css; charset=utf-8"),
        (MeshViewRoutes.Page + "/mesh.js", "mesh.js", "text/javascript; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapMeshPage(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var (route, file, contentType) in s_files)
        {
            var content = Read(file);
            endpoints.MapGet(route, context =>
            {
                context.Response.ContentType = contentType;
                context.Response.Headers.CacheControl = "no-cache";
                return context.Response.Body.WriteAsync(content, context.RequestAborted).AsTask();
            });
        }

        return endpoints;
    }

    private static byte[] Read(string file)
    {
        var name = typeof(MeshPage).Namespace + "." + file;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The control plane was built without its embedded resource '{name}'.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}

using System.Text.Json;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Graph;
using Mesh.ControlPlane.Registry;
using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Api;

/// <summary>
/// The mesh view's read-only API, like <c>/v1/resources</c> open without a credential: the graph, its live feed
/// (server-sent events) and one node's routes and policies.
/// </summary>
internal static class GraphApi
{
    /// <summary>How often the live feed sends the graph: once per sidecar report.</summary>
    public static readonly TimeSpan StreamInterval = ControlPlaneRoutes.ReportInterval;

    public static IEndpointRouteBuilder MapGraphApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(MeshViewRoutes.Graph, (GraphBuilder graph) => TypedResults.Json(graph.Build(), GraphJsonContext.Default.GraphView));
        endpoints.MapGet(MeshViewRoutes.GraphStream, StreamAsync);
        endpoints.MapGet(MeshViewRoutes.GraphNode, (string id, WorkloadRegistry registry, ConfigStore store) =>
            NodeResources.Find(id, registry.GetEntries(), store.Current) is { } details
                ? Results.Json(details, GraphJsonContext.Default.NodeDetails)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such node",
                    detail: $"No registered workload or service has the graph id '{id}'."));
        return endpoints;
    }

    // One event per interval until the page goes away or the control plane stops; ending the response then closes the
    // stream cleanly, so shutdown does not wait for browsers.
    private static async Task StreamAsync(HttpContext context, GraphBuilder graph, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await response.WriteAsync("data: ", stop.Token).ConfigureAwait(false);
                await JsonSerializer.SerializeAsync(response.Body, graph.Build(), GraphJsonContext.Default.GraphView, stop.Token).ConfigureAwait(false);
                await response.WriteAsync("\n\n", stop.Token).ConfigureAwait(false);
                await response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                await Task.Delay(StreamInterval, time, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The page left or the control plane is stopping: the stream ends here.
        }
    }
}

namespace Mesh.Model.Protocol;

/// <summary>The control plane's mesh view: the page and the read-only graph API behind it (no credential needed).</summary>
public static class MeshViewRoutes
{
    /// <summary><c>GET</c>: the mesh view, an HTML page drawing the graph live.</summary>
    public const string Page = "/mesh";

    /// <summary><c>GET</c>: the graph as JSON: nodes (workloads, services) and edges with rates over the last seconds.</summary>
    public const string Graph = "/v1/graph";

    /// <summary><c>GET</c>: the graph as server-sent events, one snapshot a second.</summary>
    public const string GraphStream = "/v1/graph/stream";

    /// <summary><c>GET</c>: one node's routes and policies: <c>/v1/graph/nodes/{id}</c>.</summary>
    public const string GraphNode = "/v1/graph/nodes/{id}";
}

namespace Mesh.ControlPlane.Graph;

/// <summary>The body of <c>GET /v1/graph</c> and of each <c>/v1/graph/stream</c> event.</summary>
/// <param name="Timestamp">When the graph was read.</param>
/// <param name="WindowSeconds">The window rates are taken over.</param>
/// <param name="Nodes">Workloads, the services grouping them, and callers outside the mesh.</param>
/// <param name="Edges">Calls between nodes.</param>
internal sealed record GraphView(DateTimeOffset Timestamp, double WindowSeconds, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges);

/// <summary>A node of the graph.</summary>
/// <param name="Id">The workload's name; <c>svc:&lt;name&gt;</c> for a service; <c>unknown</c> for callers outside the mesh.</param>
/// <param name="Kind"><c>workload</c>, <c>gateway</c>, <c>service</c> or <c>unknown</c>.</param>
/// <param name="App">The service (Istio's <c>app</c> label); for a service node, its name.</param>
/// <param name="Version">The workload's <c>version</c> label; null for other kinds.</param>
/// <param name="Health"><c>healthy</c>, <c>degraded</c> (errors under 20 %), <c>failing</c> (20 % or more, or its app does not answer), or <c>unknown</c>.</param>
internal sealed record GraphNode(string Id, string Kind, string App, string? Version, string Health);

/// <summary>An edge: what its reporter counted over the window.</summary>
/// <param name="Id">Source and target, e.g. <c>productpage-v1-&gt;reviews-v2</c>.</param>
/// <param name="Source">The calling node's id.</param>
/// <param name="Target">The answering workload's id, or the service node when the requests reached no workload.</param>
/// <param name="Service">The service called.</param>
/// <param name="Reporter"><c>destination</c> or <c>source</c> (who counted, see the README).</param>
/// <param name="RequestRate">Requests per second.</param>
/// <param name="ErrorRate">The share of requests that failed (0..1).</param>
/// <param name="P99Ms">The 99th percentile latency in ms, estimated from buckets; null without requests in the window.</param>
/// <param name="Mtls">Whether every request in the window arrived over mutual TLS.</param>
/// <param name="Denials">Requests denied by an AuthorizationPolicy in the window.</param>
/// <param name="DenialRate">Denials per second.</param>
/// <param name="RateLimited">Requests refused by a rate limit in the window.</param>
/// <param name="RateLimitedRate">Those per second.</param>
internal sealed record GraphEdge(string Id, string Source, string Target, string Service, string Reporter, double RequestRate, double ErrorRate,
    double? P99Ms, bool Mtls, long Denials, double DenialRate, long RateLimited, double RateLimitedRate);

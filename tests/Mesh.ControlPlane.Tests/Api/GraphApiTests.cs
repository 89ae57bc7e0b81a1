using System.Net;
using System.Net.Http.Json;
using Mesh.ControlPlane.Graph;
using Mesh.ControlPlane.Tests.Graph;
using Mesh.ControlPlane.Tests.Registry;
using Mesh.Model.Protocol;
using Mesh.Testing;

namespace Mesh.ControlPlane.Tests.Api;

/// <summary>The mesh view over HTTP: reports feed the graph, bad edges are refused, the feed streams and ends on shutdown.</summary>
public sealed class GraphApiTests : IAsyncLifetime
{
    private const string ReviewsV3 = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          http:
          - route:
            - destination: {host: reviews, subset: v3}
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          subsets:
          - {name: v3, labels: {version: v3}}
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: ratings-only
        spec:
          selector:
            matchLabels: {app: ratings}
        """;

    private ControlPlaneHost _host = null!;

    public async Task InitializeAsync() => _host = await ControlPlaneHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Graph_AfterAReportWithEdges_HasTheWorkloadTheServiceAndTheEdge()
    {
        await using var reviews = await _host.ConnectAsync(TestRegistrations.Create("reviews-v2", version: "v2"));
        await reviews.ReadSnapshotAsync();

        using var answer = await reviews.ReportAsync(new SidecarReport
        {
            AppServing = true,
            Edges = [TestEdges.Inbound("productpage", "reviews", "reviews-v2", requests: 4)],
        });
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);

        var graph = await _host.Client.GetFromJsonAsync(MeshViewRoutes.Graph, GraphJsonContext.Default.GraphView);
        Assert.NotNull(graph);
        Assert.Contains(new GraphNode("reviews-v2", "workload", "reviews", "v2", "healthy"), graph.Nodes);
        Assert.Contains(graph.Nodes, n => n.Id == "svc:reviews" && n.Kind == "service");
        var edge = Assert.Single(graph.Edges);
        Assert.Equal(("productpage->reviews-v2", "productpage", "reviews-v2", "reviews"), (edge.Id, edge.Source, edge.Target, edge.Service));
    }

    [Fact]
    public async Task Report_WithAnEdgeOfAnotherWorkload_Is400NamingTheField_AndKeepsNothing()
    {
        await using var reviews = await _host.ConnectAsync(TestRegistrations.Create("reviews-v1"));
        await reviews.ReadSnapshotAsync();

        using var answer = await reviews.ReportAsync(new SidecarReport
        {
            AppServing = true,
            Edges = [TestEdges.Inbound("productpage", "ratings", "ratings", requests: 4)],
        });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("edges[0].destinationWorkload: 'ratings' is not the reporting workload 'reviews-v1'", await answer.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
        var graph = await _host.Client.GetFromJsonAsync(MeshViewRoutes.Graph, GraphJsonContext.Default.GraphView);
        Assert.Empty(graph!.Edges);
    }

    [Fact]
    public async Task Node_ListsTheRoutesAndPoliciesThatApplyToIt()
    {
        await using var reviews = await _host.ConnectAsync(TestRegistrations.Create("reviews-v3", version: "v3"));
        await reviews.ReadSnapshotAsync();
        using var content = new StringContent(ReviewsV3, System.Text.Encoding.UTF8, "application/yaml");
        (await _host.Admin.PostAsync(AdminRoutes.Apply, content)).EnsureSuccessStatusCode();

        var node = await _host.Client.GetFromJsonAsync("/v1/graph/nodes/reviews-v3", GraphJsonContext.Default.NodeDetails);
        var service = await _host.Client.GetFromJsonAsync("/v1/graph/nodes/svc:reviews", GraphJsonContext.Default.NodeDetails);
        using var missing = await _host.Client.GetAsync(new Uri("/v1/graph/nodes/nobody", UriKind.Relative));

        Assert.Equal(["DestinationRule default/reviews", "VirtualService default/reviews"],
            node!.Resources.Select(r => $"{r.Kind} {r.Namespace}/{r.Name}").Order(StringComparer.Ordinal));
        Assert.Equal(("reviews", "v3"), (node.Service, node.Version));
        Assert.Equal(["reviews-v3"], service!.Workloads);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Stream_SendsGraphEvents_AndEndsWhenTheControlPlaneStops()
    {
        using var client = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = Eventually.DefaultTimeout };
        using var response = await client.GetAsync(new Uri(MeshViewRoutes.GraphStream, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.StartsWith("data: {\"timestamp\":", await reader.ReadLineAsync(), StringComparison.Ordinal);

        var stopping = _host.DisposeAsync().AsTask();
        var rest = reader.ReadToEndAsync();
        await Task.WhenAll(stopping, rest).WaitAsync(TimeSpan.FromSeconds(10));
        _host = await ControlPlaneHost.StartAsync();
    }

    [Fact]
    public async Task Page_IsServedWithItsScriptAndStylesheet()
    {
        using var page = await _host.Client.GetAsync(new Uri(MeshViewRoutes.Page, UriKind.Relative));
        using var script = await _host.Client.GetAsync(new Uri("/mesh/mesh.js", UriKind.Relative));
        using var style = await _host.Client.GetAsync(new Uri("/mesh/mesh.css", UriKind.Relative));

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/mesh/mesh.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("new EventSource('/v1/graph/stream')", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/css", style.Content.Headers.ContentType?.MediaType);
    }
}

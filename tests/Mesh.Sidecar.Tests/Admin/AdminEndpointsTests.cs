using System.Net.Http.Json;
using System.Text.Json;
using Mesh.Sidecar.Admin;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;
using static Mesh.Testing.Snapshots;

namespace Mesh.Sidecar.Tests.Admin;

/// <summary>A real sidecar's admin listener.</summary>
public sealed class AdminEndpointsTests
{
    [Fact]
    public async Task Healthz_ProcessRunning_Returns200()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress);

        using var response = await sidecar.Client.GetAsync(new Uri(sidecar.Admin, "/healthz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Root_ListsTheAdminRoutes_OnlyOnTheAdminPort()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress);

        var index = await sidecar.Client.GetStringAsync(sidecar.Admin);

        Assert.StartsWith("Mesh sidecar admin\n", index, StringComparison.Ordinal);
        foreach (var route in new[] { "GET /healthz", "GET /readyz", "GET /config", "GET /certs", "GET /stats", "GET /clusters" })
        {
            Assert.Contains(route + "\n", index, StringComparison.Ordinal);
        }

        // The inbound listener's "/" is the app's (through the inbound stack), never the index.
        using var inbound = await sidecar.Client.GetAsync(sidecar.Inbound);
        Assert.DoesNotContain("Mesh sidecar admin", await inbound.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_BeforeFirstSnapshot_Returns503ThenAfterSnapshot_Returns200()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress);
        await Eventually.WaitUntilAsync(async () => (await sidecar.ReadyAsync()).Report.ControlPlaneConnected, "the sidecar opens its stream");

        var (before, notReady) = await sidecar.ReadyAsync();
        controlPlane.PushSnapshot(Create("7"));
        await sidecar.WaitForSnapshotAsync("7");
        var (after, ready) = await sidecar.ReadyAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before);
        Assert.False(notReady.Ready);
        Assert.Null(notReady.SnapshotVersion);
        Assert.Contains("waiting for the first snapshot", notReady.Reason, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.True(ready.Ready);
        Assert.True(ready.ControlPlaneConnected);
        Assert.NotNull(ready.LastContact);
        Assert.Equal("serving snapshot 7", ready.Reason);
    }

    [Fact]
    public async Task Readyz_ControlPlaneLostAfterSnapshot_StaysReadyServingLastSnapshot()
    {
        var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress);
        controlPlane.PushSnapshot(Create("3"));
        await sidecar.WaitForSnapshotAsync("3");

        await controlPlane.DisposeAsync();
        await Eventually.WaitUntilAsync(async () => !(await sidecar.ReadyAsync()).Report.ControlPlaneConnected, "the sidecar notices the control plane is gone");
        var (status, report) = await sidecar.ReadyAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(report.Ready);
        Assert.Equal("3", report.SnapshotVersion);
        Assert.StartsWith("serving last snapshot, control plane unreachable since ", report.Reason, StringComparison.Ordinal);
        await Eventually.WaitUntilAsync(() => sidecar.Logs.Matching("Serving last snapshot 3").Count > 0, "the sidecar logs that it serves its last snapshot");
    }

    [Fact]
    public async Task Stats_AfterTraffic_CountsPerDirectionDestinationCodeAndFlag()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var self = await FakeApp.StartAsync("productpage-v1");
        await using var v1 = await FakeApp.StartAsync("reviews-v1");
        await using var v2 = await FakeApp.StartAsync("reviews-v2");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, self.BaseAddress,
            outbound: [new("reviews", "reviews"), new("details", "details")]);
        controlPlane.PushSnapshot(Create("1", Service("reviews", Endpoint("reviews-v1", v1.BaseAddress), Endpoint("reviews-v2", v2.BaseAddress, version: "v2"))));
        await sidecar.WaitForSnapshotAsync("1");

        for (var i = 0; i < 4; i++)
        {
            (await sidecar.Client.GetAsync(sidecar.Outbound(0))).Dispose();
        }

        (await sidecar.Client.GetAsync(sidecar.Outbound(1))).Dispose();
        (await sidecar.Client.GetAsync(sidecar.Inbound)).Dispose();
        (await sidecar.Client.GetAsync(sidecar.Inbound)).Dispose();
        var stats = await sidecar.Client.GetFromJsonAsync(new Uri(sidecar.Admin, "/stats"), AdminJsonContext.Default.StatsReport);

        Assert.NotNull(stats);
        var inbound = stats.Inbound["productpage-v1"];
        Assert.Equal(2, inbound.Requests);
        Assert.Equal(2, inbound.ResponseCodes["2xx"]);
        var reviews = stats.Outbound["reviews"];
        Assert.Equal(4, reviews.Requests);
        Assert.Equal(4, reviews.ResponseCodes["2xx"]);
        // Istio's default balancer picks at random between idle endpoints: the split varies, the sum does not.
        Assert.Equal(4, reviews.Workloads.Values.Sum(w => w.Requests));
        var details = stats.Outbound["details"];
        Assert.Equal(1, details.Requests);
        Assert.Equal(1, details.ResponseCodes["5xx"]);
        Assert.Equal(1, details.ResponseFlags["UH"]);
        Assert.Empty(details.Workloads);
    }

    [Fact]
    public async Task Clusters_WithSnapshot_ListsEachUpstreamWithItsEndpoints()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("productpage-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress,
            outbound: [new("reviews", "reviews"), new("ratings", "ratings")]);
        var address = new Uri("http://127.0.0.1:9");
        controlPlane.PushSnapshot(Create("1", Service("reviews", Endpoint("reviews-v1", address), Endpoint("reviews-v2", address, version: "v2"))));
        await sidecar.WaitForSnapshotAsync("1");

        var clusters = await sidecar.Client.GetFromJsonAsync(new Uri(sidecar.Admin, "/clusters"), AdminJsonContext.Default.ClustersReport);

        Assert.NotNull(clusters);
        Assert.Equal("1", clusters.SnapshotVersion);
        Assert.Collection(clusters.Clusters,
            reviews =>
            {
                Assert.Equal("reviews", reviews.Name);
                Assert.Equal(sidecar.Ports.Outbound(0), reviews.Port);
                Assert.Equal(["reviews-v1", "reviews-v2"], reviews.Endpoints.Select(e => e.Workload));
                Assert.All(reviews.Endpoints, e => Assert.Equal("http://127.0.0.1:9", e.Address));
            },
            ratings => Assert.Empty(ratings.Endpoints));
    }

    [Fact]
    public async Task Config_WithSnapshot_ShowsSettingsAndAppliedSnapshot()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v2");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress, workload: "reviews-v2", service: "reviews",
            settings: new Dictionary<string, string> { ["Version"] = "v2", ["Labels:team"] = "books" });
        controlPlane.PushSnapshot(Create("4", Service("ratings", Endpoint("ratings-v1", new Uri("http://127.0.0.1:9")))));
        await sidecar.WaitForSnapshotAsync("4");

        using var document = JsonDocument.Parse(await sidecar.Client.GetStringAsync(new Uri(sidecar.Admin, "/config")));

        var settings = document.RootElement.GetProperty("settings");
        Assert.Equal("reviews-v2", settings.GetProperty("workload").GetString());
        Assert.Equal("reviews", settings.GetProperty("serviceAccount").GetString());
        Assert.Equal("v2", settings.GetProperty("labels").GetProperty("version").GetString());
        Assert.Equal("books", settings.GetProperty("labels").GetProperty("team").GetString());
        Assert.Equal($"http://127.0.0.1:{sidecar.Ports.Inbound}", settings.GetProperty("inboundAddress").GetString());
        var snapshot = document.RootElement.GetProperty("snapshot");
        Assert.Equal("4", snapshot.GetProperty("version").GetString());
        Assert.Equal("ratings", snapshot.GetProperty("services")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task AdminPaths_OnProxyListeners_AreProxiedNotServed()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var app = await FakeApp.StartAsync("reviews-v1");
        await using var sidecar = await SidecarHost.StartAsync(controlPlane.BaseAddress, app.BaseAddress);

        var body = await sidecar.Client.GetStringAsync(new Uri(sidecar.Inbound, "/stats"));

        Assert.Equal("reviews-v1", body);
    }
}

using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Outbound.Endpoints;

public sealed class MutualTlsSmokeTests
{
    [Fact]
    public async Task Sidecars_with_identities_talk_mutual_tls_and_the_app_sees_the_caller()
    {
        await using var controlPlane = await FakeControlPlane.StartAsync();
        await using var reviewsApp = await FakeApp.StartAsync("reviews-v1");
        await using var productpageApp = await FakeApp.StartAsync("productpage-v1");
        await using var reviews = await SidecarHost.StartAsync(controlPlane.BaseAddress, reviewsApp.BaseAddress, workload: "reviews-v1", service: "reviews",
            settings: new Dictionary<string, string> { ["Token"] = controlPlane.AddIdentity("default", "bookinfo-reviews"), ["ServiceAccount"] = "bookinfo-reviews" });
        await using var productpage = await SidecarHost.StartAsync(controlPlane.BaseAddress, productpageApp.BaseAddress, outbound: [new("reviews", "reviews")],
            settings: new Dictionary<string, string> { ["Token"] = controlPlane.AddIdentity("default", "bookinfo-productpage"), ["ServiceAccount"] = "bookinfo-productpage" });

        var endpoint = Snapshots.Endpoint("reviews-v1", reviews.Inbound, serviceAccount: "bookinfo-reviews") with { MutualTls = true };
        controlPlane.PushSnapshot(Snapshots.Create("1", Snapshots.Service("reviews", endpoint)));
        await productpage.WaitForSnapshotAsync("1");
        await reviews.WaitForSnapshotAsync("1");

        using var response = await productpage.Client.GetAsync(new Uri(productpage.Outbound(), "/reviews/0"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}\n{string.Join("\n", productpage.Logs.Lines.Concat(reviews.Logs.Lines).Select(l => $"{l.Category}: {l.Message} {l.Exception}"))}");
        var received = Assert.Single(reviewsApp.Received, r => r.PathAndQuery == "/reviews/0");
        Assert.StartsWith("By=spiffe://cluster.local/ns/default/sa/bookinfo-reviews;Hash=", received.Headers["x-forwarded-client-cert"]);
        Assert.EndsWith(";URI=spiffe://cluster.local/ns/default/sa/bookinfo-productpage", received.Headers["x-forwarded-client-cert"]);
    }
}

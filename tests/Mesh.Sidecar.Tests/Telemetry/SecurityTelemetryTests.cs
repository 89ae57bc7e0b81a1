using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Telemetry;

/// <summary>
/// What mutual TLS and authorization add to the sidecar's metrics: the inbound request metrics name the verified caller
/// (Istio's <c>source_workload</c> and <c>source_principal</c>), and every denial is counted with its policy.
/// </summary>
public sealed class SecurityTelemetryTests
{
    [Fact]
    public async Task InboundMetrics_NameTheVerifiedCaller_AndDenialsAreCountedWithThePolicy()
    {
        using var measurements = new SidecarMeasurements();
        await using var mesh = await SecureMesh.StartAsync();
        await mesh.AddAsync(SecureMesh.Callee);
        var productpage = await mesh.AddAsync("productpage-v1", callsReviews: true);
        await mesh.ApplyAsync(SecureMesh.DenyDeleteOnReviews);

        using (var allowed = await productpage.CallReviewsAsync())
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(productpage.Sidecar.Outbound(), "/reviews/0"));
        using var denied = await productpage.Sidecar.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("default/deny-delete", Assert.Single(denied.Headers.GetValues("x-mesh-denied-by")));

        const string caller = "spiffe://cluster.local/ns/default/sa/bookinfo-productpage";
        var reviews = mesh[SecureMesh.Callee].Sidecar;
        Assert.Contains(measurements.Of("mesh.requests", reviews), tags =>
            Equals(tags["reporter"], "destination") && Equals(tags["destination_workload"], SecureMesh.Callee)
            && Equals(tags["source_workload"], "productpage-v1") && Equals(tags["source_principal"], caller)
            && Equals(tags["response_code"], 200));
        var denial = Assert.Single(measurements.Of("mesh.authz.denials", reviews), tags => Equals(tags["destination_workload"], SecureMesh.Callee));
        Assert.Equal("cluster.local/ns/default/sa/bookinfo-productpage", denial["source_principal"]);
        Assert.Equal("default/deny-delete", denial["policy"]);
        Assert.Equal("enforced", denial["mode"]);
    }
}

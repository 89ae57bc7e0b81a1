using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace MeshHost.IntegrationTests;

/// <summary>The ingress gateway on Bookinfo: Istio's bookinfo-gateway.yaml (in the AppHost's config folder) and a Gateway API HTTPRoute.</summary>
[Collection(BookinfoTestGroup.Name)]
public sealed class GatewayTests(BookinfoFixture fixture)
{
    private const string ResponseFlags = "x-mesh-response-flags";

    [Fact]
    public async Task BookinfoGateway_ServesTheProductPage_AndNothingItDoesNotRoute()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var gateway = await fixture.GatewayClientAsync(cancel.Token);

        var html = await gateway.GetStringAsync("/productpage", cancel.Token);
        Assert.Contains("The Comedy of Errors", html, StringComparison.Ordinal);
        Assert.Contains("Book Details", html, StringComparison.Ordinal);

        var product = await gateway.GetStringAsync("/api/v1/products", cancel.Token);
        Assert.Contains("Comedy", product, StringComparison.Ordinal);

        // Istio's VirtualService routes five paths only; the rest of productpage is not exposed.
        using var health = await gateway.GetAsync("/health", cancel.Token);
        Assert.Equal(HttpStatusCode.NotFound, health.StatusCode);
        Assert.Equal("NR", Assert.Single(health.Headers.GetValues(ResponseFlags)));
    }

    [Fact]
    public async Task HttpRoute_WithGatewayParent_RoutesItsHostname()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var gateway = await fixture.GatewayClientAsync(cancel.Token);
        var applied = await fixture.Mesh.ApplyAsync("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: api-gateway
            spec:
              gatewayClassName: istio
              listeners:
              - name: http
                port: 80
                protocol: HTTP
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata:
              name: details-api
            spec:
              parentRefs:
              - name: api-gateway
              hostnames: [api.bookinfo.test]
              rules:
              - matches:
                - path: {type: PathPrefix, value: /details}
                backendRefs:
                - name: details
                  port: 9080
            """, cancel.Token);
        Assert.True(applied.Applied, string.Join(Environment.NewLine, applied.Messages));
        try
        {
            await fixture.Mesh.WaitForSyncAsync(applied.ConfigVersion, cancel.Token).WaitAsync(TimeSpan.FromSeconds(30), cancel.Token);

            using var request = new HttpRequestMessage(HttpMethod.Get, "/details/0") { Headers = { Host = "api.bookinfo.test" } };
            using var response = await gateway.SendAsync(request, cancel.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"author\"", await response.Content.ReadAsStringAsync(cancel.Token), StringComparison.Ordinal);

            // Another host does not reach details: Istio's bookinfo VirtualService ("*") has no /details route.
            using var other = await gateway.GetAsync("/details/0", cancel.Token);
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }
        finally
        {
            await fixture.Mesh.DeleteAsync("HTTPRoute", "default", "details-api", cancel.Token);
            await fixture.Mesh.DeleteAsync("Gateway", "default", "api-gateway", cancel.Token);
        }
    }
}

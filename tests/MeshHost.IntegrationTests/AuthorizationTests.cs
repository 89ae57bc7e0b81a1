using System.Net;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests;

/// <summary>
/// Istio's "Authorization for HTTP traffic" task (istio.io/latest/docs/tasks/security/authorization/authz-http/) on
/// Bookinfo with the task's YAML: allow-nothing denies everything, then one ALLOW policy per service restores the
/// product page step by step. The browser goes through the ingress gateway, as in the task, so productpage's own
/// sidecar decides on the first hop; the callers' identities come from their mutual-TLS certificates.
/// </summary>
[Collection(BookinfoTestGroup.Name)]
public sealed class AuthorizationTests(BookinfoFixture fixture, ITestOutputHelper output)
{
    private const string DeniedBy = "x-mesh-denied-by";

    [Fact]
    public async Task AuthzHttpTask_AllowNothing_ThenViewerPolicies_RestoreThePageStepByStep()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var mesh = new MeshChanges(fixture, output);
        using var gateway = await fixture.GatewayClientAsync(cancel.Token);
        // Every reviews call to v3 (red stars), so each step's page is one known page.
        await mesh.ApplyAsync("virtual-service-reviews-v3.yaml", cancel.Token);

        await mesh.ApplyAsync("authz-allow-nothing.yaml", cancel.Token);
        using (var denied = await gateway.GetAsync("/productpage", cancel.Token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            Assert.Equal("RBAC: access denied", await denied.Content.ReadAsStringAsync(cancel.Token));
            Assert.Contains("default/allow-nothing", Assert.Single(denied.Headers.GetValues(DeniedBy)), StringComparison.Ordinal);
        }

        await mesh.ApplyAsync("authz-productpage-viewer.yaml", cancel.Token);
        var page = await LoadAsync(gateway, cancel.Token);
        Assert.Contains("Error fetching product details!", page.Html, StringComparison.Ordinal);
        Assert.Contains("Error fetching product reviews!", page.Html, StringComparison.Ordinal);

        await mesh.ApplyAsync("authz-details-viewer.yaml", cancel.Token);
        page = await LoadAsync(gateway, cancel.Token);
        Assert.DoesNotContain("Error fetching product details!", page.Html, StringComparison.Ordinal);
        Assert.Contains("Error fetching product reviews!", page.Html, StringComparison.Ordinal);

        await mesh.ApplyAsync("authz-reviews-viewer.yaml", cancel.Token);
        page = await LoadAsync(gateway, cancel.Token);
        Assert.Equal("v3", page.ReviewsVersion);
        Assert.True(page.ShowsRatingsUnavailable, $"expected '{ProductPageVisit.RatingsUnavailable}', got {page}");

        await mesh.ApplyAsync("authz-ratings-viewer.yaml", cancel.Token);
        page = await LoadAsync(gateway, cancel.Token);
        Assert.Equal("v3", page.ReviewsVersion);
        Assert.False(page.ShowsRatingsUnavailable, $"ratings still unavailable: {page}");
        Assert.Contains("red", page.StarColors);
    }

    [Fact]
    public async Task DenyPolicy_NamesItself_AndDryRunOnlyLogs()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var mesh = new MeshChanges(fixture, output);
        using var gateway = await fixture.GatewayClientAsync(cancel.Token);

        // A dry-run DENY of every GET to productpage: nothing changes for the caller.
        await mesh.ApplyYamlAsync("deny-get-productpage", DenyGetProductPage(dryRun: true), cancel.Token);
        using (var allowed = await gateway.GetAsync("/productpage", cancel.Token))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        await mesh.ApplyYamlAsync("deny-get-productpage", DenyGetProductPage(dryRun: false), cancel.Token);
        using var denied = await gateway.GetAsync("/productpage", cancel.Token);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("default/deny-get-productpage", Assert.Single(denied.Headers.GetValues(DeniedBy)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngressGatewayPolicy_DeniesApiPaths_AndLetsThePageThrough()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var mesh = new MeshChanges(fixture, output);
        using var gateway = await fixture.GatewayClientAsync(cancel.Token);

        // Istio's ingress-gateway policy form: selected by the gateway's label in the root namespace.
        await mesh.ApplyYamlAsync("ingress-deny-api", """
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata:
              name: ingress-deny-api
              namespace: istio-system
            spec:
              selector:
                matchLabels:
                  istio: ingressgateway
              action: DENY
              rules:
              - to:
                - operation:
                    paths: ["/api/*"]
            """, cancel.Token);

        using (var api = await gateway.GetAsync("/api/v1/products", cancel.Token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
            Assert.Equal("istio-system/ingress-deny-api", Assert.Single(api.Headers.GetValues(DeniedBy)));
        }

        using var page = await gateway.GetAsync("/productpage", cancel.Token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static string DenyGetProductPage(bool dryRun) => $$"""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata:
          name: deny-get-productpage
          namespace: default
          annotations:
            "istio.io/dry-run": "{{(dryRun ? "true" : "false")}}"
        spec:
          selector:
            matchLabels:
              app: productpage
          action: DENY
          rules:
          - to:
            - operation:
                methods: ["GET"]
                paths: ["/productpage"]
        """;

    private async Task<ProductPageVisit> LoadAsync(HttpClient gateway, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        using var response = await gateway.GetAsync("/productpage", cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {html}");
        var visit = new ProductPageVisit(html, DateTime.UtcNow - started);
        output.WriteLine(visit.ToString());
        return visit;
    }
}

using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Mesh.Testing;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests;

/// <summary>
/// Istio's mutual TLS migration task (istio.io/latest/docs/tasks/security/authentication/mtls-migration/) on Bookinfo:
/// a client outside the mesh calls details' sidecar directly in plain text. Under PERMISSIVE (Istio's default) it gets
/// through; under a mesh-wide STRICT policy it is refused, while meshed traffic (the product page) works in both.
/// </summary>
[Collection(BookinfoTestGroup.Name)]
public sealed class MutualTlsMigrationTests(BookinfoFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task PlainTextClientOutsideTheMesh_ReachesDetailsUnderPermissive_IsRefusedUnderStrict()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var logs = new ResourceLogRecorder(fixture.App, "productpage-sidecar", "details-sidecar", "reviews-v1-sidecar", "productpage", "mesh");
        var started = DateTime.UtcNow;
        await using var mesh = new MeshChanges(fixture, output);
        using (var browser = BookinfoBrowser.Anonymous(fixture))
        {
            output.WriteLine($"warm after {await browser.WarmUpAsync(cancel.Token)}");
        }

        using var outside = Loopback.CreateClient(fixture.App.GetEndpoint("details-sidecar", MeshSidecarResource.InboundEndpointName));

        await mesh.ApplyAsync("peer-authentication-mesh-permissive.yaml", cancel.Token);
        using (var plain = await outside.GetAsync("/details/0", cancel.Token))
        {
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
            // Not a meshed caller: the app gets no caller identity.
        }

        try
        {
            await AssertProductPageWorksAsync(cancel.Token);
        }
        catch
        {
            logs.WriteTo(output, started, DateTime.UtcNow);
            throw;
        }

        await mesh.ApplyAsync("peer-authentication-mesh-strict.yaml", cancel.Token);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => outside.GetAsync("/details/0", cancel.Token));
        output.WriteLine($"plain text under STRICT: {refused.Message}");
        await AssertProductPageWorksAsync(cancel.Token);
    }

    private async Task AssertProductPageWorksAsync(CancellationToken cancellationToken)
    {
        // productpage → details and reviews → ratings are meshed calls: mutual TLS between the sidecars. The page is asked
        // through the ingress gateway: under STRICT productpage's own published address refuses plain text too.
        using var gateway = await fixture.GatewayClientAsync(cancellationToken);
        var html = await gateway.GetStringAsync("/productpage", cancellationToken);
        Assert.DoesNotContain("Error fetching product details!", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Error fetching product reviews!", html, StringComparison.Ordinal);
    }
}

namespace Mesh.ControlPlane.Tests.Api;

/// <summary>The control plane's <c>/</c>, which the dashboard's "admin API" link opens: an index of its routes.</summary>
public sealed class RouteIndexTests
{
    [Fact]
    public async Task Root_ListsTheApisRoutes_WithTheirMethods()
    {
        await using var host = await ControlPlaneHost.StartAsync();

        var index = await host.Client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.StartsWith("Mesh control plane: admin and sidecar API\n", index, StringComparison.Ordinal);
        foreach (var route in new[] { "GET /v1/registry", "GET /v1/status", "GET /v1/resources", "POST /v1/apply", "GET /healthz", "GET /mesh", "GET /v1/graph" })
        {
            Assert.Contains(route + "\n", index, StringComparison.Ordinal);
        }
    }
}

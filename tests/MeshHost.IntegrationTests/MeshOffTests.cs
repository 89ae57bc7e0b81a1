namespace MeshHost.IntegrationTests;

/// <summary>The mesh-off switch: the same AppHost and apps, calling each other directly.</summary>
public sealed class MeshOffTests(BookinfoWithoutMeshFixture fixture) : IClassFixture<BookinfoWithoutMeshFixture>
{
    [Fact]
    public async Task ProductPage_WithMeshOff_ServesTheSamePage_WithoutSidecars()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var html = await fixture.ProductPage.GetStringAsync("/productpage", cancel.Token);

        Assert.Contains("William Shakespeare", html, StringComparison.Ordinal);
        Assert.Contains("Reviewer1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("reviews are currently unavailable", html, StringComparison.Ordinal);
        var model = fixture.App.Services.GetRequiredService<Aspire.Hosting.ApplicationModel.DistributedApplicationModel>();
        Assert.DoesNotContain(model.Resources, r => r.Name.EndsWith("-sidecar", StringComparison.Ordinal) || r.Name == "mesh");
    }
}

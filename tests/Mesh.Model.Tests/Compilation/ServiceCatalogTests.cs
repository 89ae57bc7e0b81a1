namespace Mesh.Model.Tests.Compilation;

public sealed class ServiceCatalogTests
{
    [Theory]
    [InlineData("reviews", "default")]
    [InlineData("reviews.default", "other")]
    [InlineData("reviews.default.svc", "other")]
    [InlineData("reviews.default.svc.cluster.local", "other")]
    [InlineData("Reviews.Default.svc.cluster.local.", "other")]
    public void ResolveHost_EveryIstioForm_NamesTheService(string host, string contextNamespace)
    {
        var service = Bookinfo.Catalog.ResolveHost(host, contextNamespace);

        Assert.Equal(("reviews", "default", "reviews.default.svc.cluster.local"), (service?.Name, service?.Namespace, service?.Host));
    }

    [Theory]
    [InlineData("reviews", "other")]
    [InlineData("reviews.example.com", "default")]
    [InlineData("*", "default")]
    [InlineData("reveiws", "default")]
    public void ResolveHost_OtherHosts_NameNoService(string host, string contextNamespace) =>
        Assert.Null(Bookinfo.Catalog.ResolveHost(host, contextNamespace));

    [Theory]
    [InlineData("reviews", null)]
    [InlineData("reviews-v2", "v2")]
    [InlineData("productpage-v1", "v1")]
    [InlineData("reviews-v9", "v9")]
    public void ResolveBackend_ServiceOrServiceVersion_Resolves(string name, string? version)
    {
        var target = Bookinfo.Catalog.ResolveBackend(name, "default");

        Assert.NotNull(target);
        Assert.Equal(version, target.Version);
        Assert.Equal(version is null ? 0 : 2, target.Labels.Count);
    }

    [Fact]
    public void FromRegistrations_LabelsIncludeAppAndVersion()
    {
        var workload = Bookinfo.Catalog.Find("reviews", "default")!.Workloads.Single(w => w.Name == "reviews-v3");

        Assert.Equal(new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v3" }, workload.Labels);
        Assert.Equal(["reviews-v1", "reviews-v2", "reviews-v3"], Bookinfo.Catalog.Find("reviews", "default")!.Workloads.Select(w => w.Name));
    }
}

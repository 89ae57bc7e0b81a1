using Mesh.Model.Conventions;

namespace Mesh.Model.Tests.Conventions;

public sealed class ServiceHostsTests
{
    [Theory]
    [InlineData("reviews", "reviews", "default")]
    [InlineData("reviews.default", "reviews", "default")]
    [InlineData("reviews.staging", "reviews", "staging")]
    [InlineData("reviews.default.svc", "reviews", "default")]
    [InlineData("reviews.default.svc.cluster.local", "reviews", "default")]
    [InlineData(" reviews.default.svc.cluster.local. ", "reviews", "default")]
    public void TryParse_IstioHostForms_NameTheService(string host, string name, string ns)
    {
        Assert.True(ServiceHosts.TryParse(host, "default", out var parsedName, out var parsedNamespace));
        Assert.Equal((name, ns), (parsedName, parsedNamespace));
    }

    [Fact]
    public void TryParse_MixedCase_KeepsTheCase()
    {
        Assert.True(ServiceHosts.TryParse("Reviews.Staging.SVC.Cluster.Local", "default", out var name, out var ns));

        Assert.Equal(("Reviews", "Staging"), (name, ns));
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("*.example.com")]
    [InlineData("reviews.example.com")]
    [InlineData(".default")]
    [InlineData("reviews..svc")]
    public void TryParse_NotAServiceHost_Fails(string host) =>
        Assert.False(ServiceHosts.TryParse(host, "default", out _, out _));

    [Fact]
    public void Fqdn_NameAndNamespace_IsTheClusterHostInLowerCase() =>
        Assert.Equal("reviews.default.svc.cluster.local", ServiceHosts.Fqdn("Reviews", "default"));

    [Theory]
    [InlineData("*", "a.example.com", true)]
    [InlineData("*.example.com", "a.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("a.example.com", "A.example.com", true)]
    public void WildcardMatches_HostPatterns(string pattern, string host, bool expected) =>
        Assert.Equal(expected, ServiceHosts.WildcardMatches(pattern, host));
}

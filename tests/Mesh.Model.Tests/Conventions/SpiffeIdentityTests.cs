using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Model.Conventions;

namespace Mesh.Model.Tests.Conventions;

public sealed class SpiffeIdentityTests
{
    [Fact]
    public void For_Workload_FormatsIstiosIdAndPrincipal()
    {
        var identity = SpiffeIdentity.For("default", "bookinfo-reviews");

        Assert.Equal("spiffe://cluster.local/ns/default/sa/bookinfo-reviews", identity.Uri);
        Assert.Equal("cluster.local/ns/default/sa/bookinfo-reviews", identity.Principal);
        Assert.Equal(identity.Uri, identity.ToString());
    }

    [Fact]
    public void TryParse_FormattedId_RoundTrips()
    {
        var identity = new SpiffeIdentity("example.org", "shop", "cart");

        Assert.True(SpiffeIdentity.TryParse(identity.Uri, out var parsed));
        Assert.Equal(identity, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cluster.local/ns/default/sa/reviews")]
    [InlineData("https://cluster.local/ns/default/sa/reviews")]
    [InlineData("spiffe://cluster.local/ns/default")]
    [InlineData("spiffe://cluster.local/ns//sa/reviews")]
    [InlineData("spiffe://cluster.local/sa/reviews/ns/default")]
    [InlineData("spiffe://cluster.local/ns/default/sa/reviews/extra")]
    [InlineData("spiffe:///ns/default/sa/reviews")]
    public void TryParse_NotAWorkloadId_Fails(string? uri) =>
        Assert.False(SpiffeIdentity.TryParse(uri, out _));

    [Theory]
    [InlineData("default", "bookinfo-reviews", true)]
    [InlineData("team_a", "svc.v2", true)]
    [InlineData("", "reviews", false)]
    [InlineData("default", "..", false)]
    [InlineData(".", "reviews", false)]
    [InlineData("default", "a/b", false)]
    [InlineData("default", "rev iews", false)]
    public void IsValid_PathSegments_FollowTheSpiffeStandard(string ns, string account, bool expected) =>
        Assert.Equal(expected, SpiffeIdentity.For(ns, account).IsValid);

    [Fact]
    public void IsValid_UpperCaseTrustDomain_IsNot() =>
        Assert.False(new SpiffeIdentity("Cluster.Local", "default", "reviews").IsValid);

    [Fact]
    public void Of_CertificateWithOneSpiffeId_IsThatIdentity()
    {
        using var certificate = Certificate("https://example.com/", "spiffe://cluster.local/ns/default/sa/bookinfo-ratings");

        Assert.Equal(SpiffeIdentity.For("default", "bookinfo-ratings"), SpiffeIdentity.Of(certificate));
    }

    [Fact]
    public void Of_CertificateWithTwoSpiffeIds_HasNone()
    {
        using var certificate = Certificate("spiffe://cluster.local/ns/default/sa/a", "spiffe://cluster.local/ns/default/sa/b");

        Assert.Null(SpiffeIdentity.Of(certificate));
    }

    [Fact]
    public void Of_CertificateWithoutUris_HasNone()
    {
        using var certificate = Certificate();

        Assert.Null(SpiffeIdentity.Of(certificate));
    }

    private static X509Certificate2 Certificate(params string[] uris)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=workload", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("workload.local");
        foreach (var uri in uris)
        {
            names.AddUri(new Uri(uri));
        }

        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-1), now.AddMinutes(5));
    }
}

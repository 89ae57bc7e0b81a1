using Mesh.ControlPlane.Certificates;
using Mesh.ControlPlane.Registry;
using Mesh.Model.Conventions;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Tests.Certificates;

public class BootstrapCredentialsTests
{
    private readonly BootstrapCredentials _credentials;

    public BootstrapCredentialsTests()
    {
        var options = new CertificateOptions();
        options.Workloads.Add(new DeclaredWorkloadOptions { Name = "productpage", Service = "productpage", ServiceAccount = "bookinfo-productpage", Token = "productpage-token-0123" });
        options.Workloads.Add(new DeclaredWorkloadOptions { Name = "details", Service = "details", Namespace = "shop", Token = "details-token-012345" });
        options.Workloads.Add(new DeclaredWorkloadOptions { Name = "ratings", Service = "ratings" });
        _credentials = new BootstrapCredentials(Options.Create(options));
    }

    [Fact]
    public void Authenticate_CredentialOfAKnownToken_AnswersItsDeclaredIdentity()
    {
        Assert.Equal(new WorkloadIdentity("productpage", "default", "bookinfo-productpage"), _credentials.Authenticate(WorkloadToken.Credential("productpage-token-0123")));
        Assert.Equal("spiffe://cluster.local/ns/shop/sa/details", _credentials.Authenticate(WorkloadToken.Credential("details-token-012345"))?.SpiffeId);
    }

    [Fact]
    public void Authenticate_TheTokenItself_AnswersNull()
    {
        // Sidecars never send the token, only what they derive from it: a token seen on the wire is no credential.
        Assert.Null(_credentials.Authenticate("productpage-token-0123"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("productpage-token-012")]
    [InlineData("PRODUCTPAGE-TOKEN-0123")]
    [InlineData("not-a-credential-of-this-mesh")]
    public void Authenticate_MissingOrUnknownToken_AnswersNull(string? token) =>
        Assert.Null(_credentials.Authenticate(token));

    [Fact]
    public void Declared_WorkloadWithoutToken_IsStillKnownForLogs() =>
        Assert.Equal("spiffe://cluster.local/ns/default/sa/ratings", _credentials.Declared("ratings")?.SpiffeId);
}

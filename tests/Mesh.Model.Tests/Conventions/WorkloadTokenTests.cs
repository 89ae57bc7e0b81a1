using Mesh.Model.Conventions;

namespace Mesh.Model.Tests.Conventions;

public sealed class WorkloadTokenTests
{
    private const string Token = "reviews-v1-bootstrap-token-0123456789";

    [Fact]
    public void Credential_IsStableAndNeitherTheTokenNorAnotherTokensCredential()
    {
        var credential = WorkloadToken.Credential(Token);

        Assert.Equal(credential, WorkloadToken.Credential(Token));
        Assert.DoesNotContain(Token, credential, StringComparison.Ordinal);
        Assert.NotEqual(credential, WorkloadToken.Credential(Token + "x"));
        Assert.Equal(43, credential.Length);
    }

    [Fact]
    public void SignTrustBundle_VerifiesForTheSameTokenAndRootsOnly()
    {
        string[] roots = ["-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----", "-----BEGIN CERTIFICATE-----\nB\n-----END CERTIFICATE-----"];

        var signature = WorkloadToken.SignTrustBundle(Token, roots);

        Assert.True(WorkloadToken.Verify(Token, roots, signature));
        Assert.False(WorkloadToken.Verify(Token + "x", roots, signature));
        Assert.False(WorkloadToken.Verify(Token, [roots[1], roots[0]], signature));
        Assert.False(WorkloadToken.Verify(Token, roots, null));
        Assert.NotEqual(WorkloadToken.Credential(Token), signature);
    }
}

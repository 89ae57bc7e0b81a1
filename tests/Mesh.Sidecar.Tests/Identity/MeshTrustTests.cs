using Mesh.Sidecar.Identity;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Identity;

/// <summary>
/// Which mesh roots a sidecar trusts: the pinned one, and during a root change the trust bundle's too, but only a bundle
/// the control plane signed for this workload's token.
/// </summary>
public sealed class MeshTrustTests : IDisposable
{
    private const string Token = "reviews-v1-bootstrap-token-0123456789";
    private static readonly string s_peer = TestCertificateAuthority.Spiffe("default", "bookinfo-reviews");
    private readonly TestCertificateAuthority _old = new("Old mesh root");
    private readonly TestCertificateAuthority _new = new("New mesh root");

    [Fact]
    public void Refuses_RootOtherThanThePinned_NamesBothFingerprints()
    {
        var trust = new MeshTrust(MeshTrust.Fingerprint(_old.Root), Token);

        var refusal = trust.Refuses(_new.Root);

        Assert.NotNull(refusal);
        Assert.Contains(MeshTrust.Fingerprint(_new.Root), refusal, StringComparison.Ordinal);
        Assert.Contains(MeshTrust.Fingerprint(_old.Root), refusal, StringComparison.Ordinal);
        Assert.Null(trust.Refuses(_old.Root));
    }

    [Fact]
    public void Refuses_PinWrittenInLowerCase_StillMatches()
    {
        var trust = new MeshTrust(MeshTrust.Fingerprint(_old.Root).ToLowerInvariant(), Token);

        Assert.Null(trust.Refuses(_old.Root));
    }

    [Fact]
    public void Refuses_NoPin_TakesTheFirstAnswersRoot()
    {
        Assert.Null(new MeshTrust(null, Token).Refuses(_new.Root));
    }

    [Fact]
    public void Accept_SignedBundleWithANewRoot_TrustsOldAndNewDuringTheChange()
    {
        var trust = new MeshTrust(MeshTrust.Fingerprint(_old.Root), Token);
        trust.Anchor(_old.Root);
        var now = DateTimeOffset.UtcNow;
        using var fromOld = _old.IssueWithKey(s_peer, now.AddMinutes(-1), now.AddHours(1));
        using var fromNew = _new.IssueWithKey(s_peer, now.AddMinutes(-1), now.AddHours(1));
        Assert.Null(PeerCertificateValidator.Validate(fromNew, trust.Roots, now.UtcDateTime).Identity);

        trust.Accept([_new.RootPem], Sign(_new.RootPem));

        Assert.Equal(s_peer, PeerCertificateValidator.Validate(fromOld, trust.Roots, now.UtcDateTime).Identity?.Uri);
        Assert.Equal(s_peer, PeerCertificateValidator.Validate(fromNew, trust.Roots, now.UtcDateTime).Identity?.Uri);
        Assert.Null(trust.Refuses(_new.Root));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("forged")]
    [InlineData("another-workloads-token-0123456789")]
    public void Accept_BundleNotSignedForThisWorkload_IsRefusedAndTrustsNothingNew(string? signedWith)
    {
        var trust = new MeshTrust(MeshTrust.Fingerprint(_old.Root), Token);
        trust.Anchor(_old.Root);
        var signature = signedWith switch
        {
            null => null,
            "forged" => "AAAA",
            _ => WorkloadToken.SignTrustBundle(signedWith, [_new.RootPem]),
        };

        var error = Assert.Throws<InvalidDataException>(() => trust.Accept([_new.RootPem], signature));

        Assert.Contains("trust bundle", error.Message, StringComparison.Ordinal);
        Assert.Equal([MeshTrust.Fingerprint(_old.Root)], trust.Roots.Select(MeshTrust.Fingerprint));
        Assert.NotNull(trust.Refuses(_new.Root));
    }

    [Fact]
    public void Accept_SidecarWithoutToken_IgnoresBundles()
    {
        var trust = new MeshTrust(null);

        trust.Accept([_new.RootPem], signature: null);

        Assert.Empty(trust.Roots);
    }

    [Fact]
    public void Anchor_RootThatIsNotThePinned_IsNotTrusted()
    {
        var trust = new MeshTrust(MeshTrust.Fingerprint(_old.Root), Token);

        trust.Anchor(_new.Root);

        Assert.Empty(trust.Roots);
    }

    [Fact]
    public void BundleChanged_CompletesForOtherRootsOnly()
    {
        var trust = new MeshTrust(null, Token);
        trust.Accept([_old.RootPem], Sign(_old.RootPem));
        var waiting = trust.BundleChanged;

        trust.Accept([_old.RootPem], Sign(_old.RootPem));
        Assert.False(waiting.IsCompleted);

        trust.Accept([_new.RootPem, _old.RootPem], Sign(_new.RootPem, _old.RootPem));
        Assert.True(waiting.IsCompleted);
        Assert.Equal(MeshTrust.Fingerprint(_new.Root), MeshTrust.Fingerprint(trust.Bundle[0]));
    }

    [Fact]
    public void Accept_RootThatIsNotPem_Throws()
    {
        var error = Assert.Throws<InvalidDataException>(() => new MeshTrust(null, Token).Accept(["not a certificate"], Sign("not a certificate")));

        Assert.Contains("trust bundle", error.Message, StringComparison.Ordinal);
    }

    private static string Sign(params string[] roots) => WorkloadToken.SignTrustBundle(Token, roots);

    public void Dispose()
    {
        _old.Dispose();
        _new.Dispose();
    }
}

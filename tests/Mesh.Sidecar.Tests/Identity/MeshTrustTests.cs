using Mesh.Sidecar.Identity;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Identity;

/// <summary>Which mesh roots a sidecar trusts: the pinned one, and during a root change the trust bundle's too.</summary>
public sealed class MeshTrustTests : IDisposable
{
    private static readonly string s_peer = TestCertificateAuthority.Spiffe("default", "bookinfo-reviews");
    private readonly TestCertificateAuthority _old = new("Old mesh root");
    private readonly TestCertificateAuthority _new = new("New mesh root");

    [Fact]
    public void Refuses_RootOtherThanThePinned_NamesBothFingerprints()
    {
        var trust = new MeshTrust(MeshTrust.Fingerprint(_old.Root));

        var refusal = trust.Refuses(_new.Root);

        Assert.NotNull(refusal);
        Assert.Contains(MeshTrust.Fingerprint(_new.Root), refusal, StringComparison.Ordinal);
        Assert.Contains(MeshTrust.Fingerprint(_old.Root), refusal, StringComparison.Ordinal);
        Assert.Null(trust.Refuses(_old.Root));
    }

    [Fact]
    public void Refuses_PinWrittenInLowerCase_StillMatches()
    {
        var trust = new MeshTrust(MeshTrust.Fingerprint(_old.Root).ToLowerInvariant());

        Assert.Null(trust.Refuses(_old.Root));
    }

    [Fact]
    public void Refuses_NoPin_TakesTheFirstAnswersRoot()
    {
        Assert.Null(new MeshTrust(null).Refuses(_new.Root));
    }

    [Fact]
    public void Accept_BundleWithANewRoot_TrustsOldAndNewDuringTheChange()
    {
        var trust = new MeshTrust(MeshTrust.Fingerprint(_old.Root));
        trust.Anchor(_old.Root);
        var now = DateTimeOffset.UtcNow;
        using var fromOld = _old.IssueWithKey(s_peer, now.AddMinutes(-1), now.AddHours(1));
        using var fromNew = _new.IssueWithKey(s_peer, now.AddMinutes(-1), now.AddHours(1));
        Assert.Null(PeerCertificateValidator.Validate(fromNew, trust.Roots, now.UtcDateTime).Identity);

        trust.Accept([_new.RootPem]);

        Assert.Equal(s_peer, PeerCertificateValidator.Validate(fromOld, trust.Roots, now.UtcDateTime).Identity?.Uri);
        Assert.Equal(s_peer, PeerCertificateValidator.Validate(fromNew, trust.Roots, now.UtcDateTime).Identity?.Uri);
        Assert.Null(trust.Refuses(_new.Root));
    }

    [Fact]
    public void Anchor_RootThatIsNotThePinned_IsNotTrusted()
    {
        var trust = new MeshTrust(MeshTrust.Fingerprint(_old.Root));

        trust.Anchor(_new.Root);

        Assert.Empty(trust.Roots);
    }

    [Fact]
    public void BundleChanged_CompletesForOtherRootsOnly()
    {
        var trust = new MeshTrust(null);
        trust.Accept([_old.RootPem]);
        var waiting = trust.BundleChanged;

        trust.Accept([_old.RootPem]);
        Assert.False(waiting.IsCompleted);

        trust.Accept([_new.RootPem, _old.RootPem]);
        Assert.True(waiting.IsCompleted);
        Assert.Equal(MeshTrust.Fingerprint(_new.Root), MeshTrust.Fingerprint(trust.Bundle[0]));
    }

    [Fact]
    public void Accept_RootThatIsNotPem_Throws()
    {
        var error = Assert.Throws<InvalidDataException>(() => new MeshTrust(null).Accept(["not a certificate"]));

        Assert.Contains("trust bundle", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _old.Dispose();
        _new.Dispose();
    }
}

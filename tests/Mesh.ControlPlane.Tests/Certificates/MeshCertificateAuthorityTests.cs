using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.ControlPlane.Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.ControlPlane.Tests.Certificates;

public sealed class MeshCertificateAuthorityTests : IDisposable
{
    private static readonly WorkloadIdentity Reviews = new("reviews-v2", "default", "bookinfo-reviews");

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mesh-ca-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ECDsa _sidecarKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private string StateDirectory => Path.Combine(_folder.FullName, "state");

    [Fact]
    public void Constructor_FirstStart_CreatesRootCaInStateFolder()
    {
        using var authority = Create();

        using var root = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(StateDirectory, "root-cert.pem")));
        Assert.Equal("CN=Mesh root CA", root.Subject);
        Assert.Equal(root.Subject, root.Issuer);
        Assert.Equal(authority.RootCertificatePem.Trim(), File.ReadAllText(Path.Combine(StateDirectory, "root-cert.pem")).Trim());
        var constraints = root.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.Critical);
        var usage = root.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        using var publicKey = root.GetECDsaPublicKey();
        Assert.Equal(256, publicKey!.KeySize);
        Assert.Equal(_time.GetUtcNow().AddYears(10), new DateTimeOffset(root.NotAfter.ToUniversalTime()), TimeSpan.FromMinutes(2));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(Path.Combine(StateDirectory, "root-key.pem")), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_Restart_ReloadsTheSameRoot()
    {
        string firstRoot;
        string firstKey;
        using (var first = Create())
        {
            firstRoot = first.RootCertificatePem;
            firstKey = File.ReadAllText(Path.Combine(StateDirectory, "root-key.pem"));
        }

        _time.Advance(TimeSpan.FromDays(3));
        using var restarted = Create();
        var issued = restarted.Issue(TestCertificates.CreateCsr(_sidecarKey), Reviews);

        Assert.Equal(firstRoot, restarted.RootCertificatePem);
        Assert.Equal(firstKey, File.ReadAllText(Path.Combine(StateDirectory, "root-key.pem")));
        using var leaf = TestCertificates.Leaf(issued.CertificateChainPem);
        var (valid, status) = TestCertificates.ChainsTo(leaf, firstRoot, _time.GetUtcNow());
        Assert.True(valid, status);
    }

    [Fact]
    public void Constructor_OnUnix_FolderAndKeyAreOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var authority = Create();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(StateDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(StateDirectory, "root-key.pem")));
        Assert.Equal(["root-cert.pem", "root-key.pem"], Directory.GetFiles(StateDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("root-cert.pem", "not a certificate")]
    [InlineData("root-key.pem", "not a key")]
    public void Constructor_CorruptFile_FailsNamingTheFile(string file, string content)
    {
        Create().Dispose();
        File.WriteAllText(Path.Combine(StateDirectory, file), content);

        var error = Assert.Throws<InvalidDataException>(() => Create());

        Assert.StartsWith(Path.Combine(StateDirectory, file) + ": cannot use the mesh's root certificate authority: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("delete both root-cert.pem and root-key.pem", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("..", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_KeyOfAnotherRoot_FailsNamingTheKeyFile()
    {
        Create().Dispose();
        var (_, otherKey) = RootCertificate.Generate(_time.GetUtcNow());
        File.WriteAllText(Path.Combine(StateDirectory, "root-key.pem"), otherKey);

        var error = Assert.Throws<InvalidDataException>(() => Create());

        Assert.StartsWith(Path.Combine(StateDirectory, "root-key.pem"), error.Message, StringComparison.Ordinal);
        Assert.Contains("not the private key of the root certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_OnlyOneFileLeft_FailsRatherThanMakingANewRoot()
    {
        Create().Dispose();
        File.Delete(Path.Combine(StateDirectory, "root-key.pem"));

        var error = Assert.Throws<InvalidDataException>(() => Create());

        Assert.Contains(Path.Combine(StateDirectory, "root-key.pem"), error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(StateDirectory, "root-key.pem")));
    }

    [Fact]
    public void Constructor_KeyWithoutCertificate_AFirstStartCutShort_MakesANewRoot()
    {
        // What a kill between Create's two renames leaves on a first start: the key, never its certificate.
        Directory.CreateDirectory(StateDirectory);
        File.WriteAllText(Path.Combine(StateDirectory, "root-key.pem"), "a key whose certificate was never written");

        using var authority = Create();

        Assert.Equal(authority.RootCertificatePem, File.ReadAllText(Path.Combine(StateDirectory, "root-cert.pem")));
        Assert.NotEqual("a key whose certificate was never written", File.ReadAllText(Path.Combine(StateDirectory, "root-key.pem")));
    }

    [Fact]
    public void Constructor_BothFilesDeleted_MakesANewRoot()
    {
        string first;
        using (var authority = Create())
        {
            first = authority.RootCertificatePem;
        }

        File.Delete(Path.Combine(StateDirectory, "root-cert.pem"));
        File.Delete(Path.Combine(StateDirectory, "root-key.pem"));
        using var renewed = Create();

        Assert.NotEqual(first, renewed.RootCertificatePem);
    }

    [Fact]
    public void Constructor_NoStateFolder_KeepsRootInMemory()
    {
        using var authority = Create(stateDirectory: null);

        Assert.Contains("BEGIN CERTIFICATE", authority.RootCertificatePem, StringComparison.Ordinal);
        Assert.False(Directory.Exists(StateDirectory));
    }

    [Fact]
    public void Issue_ValidCsr_ChainsToRootWithDeclaredIdentityOnly()
    {
        using var authority = Create();

        var issued = authority.Issue(TestCertificates.CreateCsr(_sidecarKey), Reviews);

        using var leaf = TestCertificates.Leaf(issued.CertificateChainPem);
        var (valid, status) = TestCertificates.ChainsTo(leaf, issued.RootCertificatePem, _time.GetUtcNow());
        Assert.True(valid, status);
        Assert.Equal(authority.RootCertificatePem, issued.RootCertificatePem);
        Assert.Equal(["spiffe://cluster.local/ns/default/sa/bookinfo-reviews"], TestCertificates.SanUris(leaf));
        Assert.False(leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().Critical);
        Assert.Equal("CN=reviews-v2", leaf.Subject);
        using var leafKey = leaf.GetECDsaPublicKey();
        Assert.Equal(_sidecarKey.ExportSubjectPublicKeyInfo(), leafKey!.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Issue_ValidCsr_HasWorkloadExtensions()
    {
        using var authority = Create();

        var issued = authority.Issue(TestCertificates.CreateCsr(_sidecarKey), Reviews);

        using var leaf = TestCertificates.Leaf(issued.CertificateChainPem);
        using var root = X509Certificate2.CreateFromPem(issued.RootCertificatePem);
        var usage = leaf.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, usage.KeyUsages);
        Assert.True(usage.Critical);
        var purposes = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], purposes.Cast<Oid>().Select(o => o.Value));
        Assert.False(leaf.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var authorityKey = leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single();
        Assert.Equal(
            root.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.ToArray(),
            authorityKey.KeyIdentifier!.Value.ToArray());
        Assert.Equal(16, leaf.SerialNumberBytes.Length);
        Assert.Equal(leaf.SerialNumber, issued.SerialNumber);
    }

    [Fact]
    public void Issue_TwoRequests_GetDifferentSerials()
    {
        using var authority = Create();

        var first = authority.Issue(TestCertificates.CreateCsr(_sidecarKey), Reviews);
        var second = authority.Issue(TestCertificates.CreateCsr(_sidecarKey), Reviews);

        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
    }

    [Fact]
    public void Issue_DefaultLifetime_Is24HoursBackdatedOneMinute()
    {
        using var authority = Create();
        var now = _time.GetUtcNow();

        var issued = authority.Issue(TestCertificates.CreateCsr(_sidecarKey), Reviews);

        using var leaf = TestCertificates.Leaf(issued.CertificateChainPem);
        Assert.Equal(now - TimeSpan.FromMinutes(1), issued.NotBefore);
        Assert.Equal(now + TimeSpan.FromHours(24), issued.NotAfter);
        Assert.Equal(issued.NotBefore.UtcDateTime, leaf.NotBefore.ToUniversalTime());
        Assert.Equal(issued.NotAfter.UtcDateTime, leaf.NotAfter.ToUniversalTime());
        Assert.False(TestCertificates.ChainsTo(leaf, issued.RootCertificatePem, now - TimeSpan.FromMinutes(1.5)).Valid);
        Assert.False(TestCertificates.ChainsTo(leaf, issued.RootCertificatePem, now + TimeSpan.FromHours(24.01)).Valid);
    }

    [Fact]
    public void Issue_ConfiguredOneMinuteLifetime_IsHonoured()
    {
        using var authority = Create(StateDirectory, TimeSpan.FromMinutes(1));
        var now = _time.GetUtcNow();

        var issued = authority.Issue(TestCertificates.CreateCsr(_sidecarKey), Reviews);

        Assert.Equal(now + TimeSpan.FromMinutes(1), issued.NotAfter);
    }

    [Fact]
    public void Issue_LifetimeArgument_OverridesConfigured()
    {
        using var authority = Create();

        var issued = authority.Issue(TestCertificates.CreateCsr(_sidecarKey), Reviews, TimeSpan.FromMinutes(5));

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(5), issued.NotAfter);
        Assert.Throws<ArgumentOutOfRangeException>(() => authority.Issue(TestCertificates.CreateCsr(_sidecarKey), Reviews, TimeSpan.FromSeconds(59)));
    }

    [Fact]
    public void Issue_LifetimePastTheRoot_EndsWithTheRoot()
    {
        using var authority = Create();
        using var root = X509Certificate2.CreateFromPem(authority.RootCertificatePem);

        var issued = authority.Issue(TestCertificates.CreateCsr(_sidecarKey), Reviews, TimeSpan.FromDays(365 * 20));

        Assert.Equal(root.NotAfter.ToUniversalTime(), issued.NotAfter.UtcDateTime);
    }

    [Fact]
    public void Issue_TimeWithFractionalSeconds_AnswersTheCertificatesOwnTimes()
    {
        _time.Advance(TimeSpan.FromMilliseconds(750));
        using var authority = Create();

        var issued = authority.Issue(TestCertificates.CreateCsr(_sidecarKey), Reviews);

        using var leaf = TestCertificates.Leaf(issued.CertificateChainPem);
        Assert.Equal(leaf.NotBefore.ToUniversalTime(), issued.NotBefore.UtcDateTime);
        Assert.Equal(leaf.NotAfter.ToUniversalTime(), issued.NotAfter.UtcDateTime);
    }

    [Fact]
    public void Issue_TamperedCsr_IsRefused()
    {
        using var authority = Create();

        var tampered = TestCertificates.CreateTamperedCsr(_sidecarKey);

        // Well-formed apart from the signature.
        var parsed = CertificateRequest.LoadSigningRequestPem(tampered, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation);
        Assert.Equal("CN=bbbbbbbb", parsed.SubjectName.Name);
        var error = Assert.Throws<InvalidSigningRequestException>(() => authority.Issue(tampered, Reviews));
        Assert.Contains("signature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_RsaCsr_IsRefused()
    {
        using var authority = Create();
        using var rsa = RSA.Create(2048);

        var error = Assert.Throws<InvalidSigningRequestException>(() => authority.Issue(TestCertificates.CreateRsaCsr(rsa), Reviews));

        Assert.Contains("ECDSA P-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_P384Csr_IsRefused()
    {
        using var authority = Create();
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var error = Assert.Throws<InvalidSigningRequestException>(() => authority.Issue(TestCertificates.CreateCsr(p384), Reviews));

        Assert.Contains("another curve", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not pem at all")]
    [InlineData("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----")]
    public void Issue_NotACsr_IsRefused(string csr)
    {
        using var authority = Create();

        Assert.Throws<InvalidSigningRequestException>(() => authority.Issue(csr, Reviews));
    }

    public void Dispose()
    {
        _sidecarKey.Dispose();
        _folder.Delete(recursive: true);
    }

    private MeshCertificateAuthority Create() => Create(StateDirectory);

    private MeshCertificateAuthority Create(string? stateDirectory, TimeSpan? lifetime = null)
    {
        var options = new CertificateOptions { StateDirectory = stateDirectory };
        if (lifetime is { } value)
        {
            options.CertificateLifetime = value;
        }

        return new MeshCertificateAuthority(Options.Create(options), _time, NullLogger<MeshCertificateAuthority>.Instance);
    }
}

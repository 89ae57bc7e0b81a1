using System.Security.Cryptography.X509Certificates;

namespace Mesh.Sidecar.Identity;

/// <summary>
/// Checks a peer's certificate as Envoy does for Istio mTLS: it must chain to a mesh root the sidecar trusts (the
/// machine's trust store plays no part), be valid now, and carry one SPIFFE identity.
/// </summary>
internal static class PeerCertificateValidator
{
    /// <summary>The outcome: the peer's identity, or why the certificate is refused.</summary>
    internal readonly record struct Result(SpiffeIdentity? Identity, string? Error);

    public static Result Validate(X509Certificate2 certificate, X509Certificate2 root, DateTime nowUtc) =>
        Validate(certificate, [root], nowUtc);

    /// <summary>The same against several roots: during a root change, the old and the new one.</summary>
    public static Result Validate(X509Certificate2 certificate, X509Certificate2Collection roots, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(roots);
        if (roots.Count == 0)
        {
            return new Result(null, $"certificate '{certificate.Subject}' cannot be checked: this sidecar trusts no mesh root yet");
        }

        using var chain = new X509Chain { ChainPolicy = ChainPolicy(roots) };
        chain.ChainPolicy.VerificationTime = nowUtc;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        if (!chain.Build(certificate))
        {
            var reasons = string.Join("; ", chain.ChainStatus.Select(static s => s.StatusInformation.Trim()).Where(static s => s.Length > 0).Distinct());
            return new Result(null, $"certificate '{certificate.Subject}' ({Describe(certificate)}) is not trusted: {reasons}");
        }

        return SpiffeIdentity.Of(certificate) is { } identity
            ? new Result(identity, null)
            : new Result(null, $"certificate '{certificate.Subject}' carries no single SPIFFE identity");
    }

    /// <summary>
    /// How every chain of a peer's certificate is built, here and in the TLS handshakes (their
    /// <c>CertificateChainPolicy</c>): the mesh roots alone are trusted (two during a root change), and nothing is fetched. A peer's certificate may
    /// name any URL in its Authority Information Access extension; downloading issuers from it would let whoever
    /// connects make the sidecar send requests and wait on them during the handshake.
    /// </summary>
    public static X509ChainPolicy ChainPolicy(X509Certificate2Collection roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            DisableCertificateDownloads = true,
            // Workload certificates live for hours and are never revoked: Istio relies on short lifetimes instead.
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }

    private static string Describe(X509Certificate2 certificate) =>
        $"issuer '{certificate.Issuer}', valid {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}";
}

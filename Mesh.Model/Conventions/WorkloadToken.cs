using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Mesh.Model.Conventions;

/// <summary>
/// What the sidecar and the control plane derive from a workload's bootstrap token, so the token itself never crosses
/// the wire. The sidecar presents <see cref="Credential"/> as its bearer credential; the control plane signs each
/// snapshot's trust bundle with <see cref="SignTrustBundle"/>. A process that answers on the control plane's port in its
/// place learns the credential, but cannot derive the signing key from it, so it cannot make a sidecar trust its root.
/// </summary>
public static class WorkloadToken
{
    private static readonly byte[] s_credentialLabel = Encoding.UTF8.GetBytes("mesh/v1/sidecar-credential");
    private static readonly byte[] s_bundleLabel = Encoding.UTF8.GetBytes("mesh/v1/trust-bundle");

    /// <summary>The bearer credential a sidecar presents for <paramref name="token"/> (base64url, 43 characters).</summary>
    public static string Credential(string token) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(Key(token), s_credentialLabel));

    /// <summary>The signature of a trust bundle (its PEM roots, in order) for the sidecar holding <paramref name="token"/>.</summary>
    public static string SignTrustBundle(string token, IReadOnlyList<string> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var key = HMACSHA256.HashData(Key(token), s_bundleLabel);
        return Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Join('\n', roots.Select(static r => r.Trim())))));
    }

    /// <summary>Whether <paramref name="signature"/> is the control plane's signature of <paramref name="roots"/> for <paramref name="token"/>.</summary>
    public static bool Verify(string token, IReadOnlyList<string> roots, string? signature) =>
        signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(SignTrustBundle(token, roots)), Encoding.ASCII.GetBytes(signature));

    private static byte[] Key(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return Encoding.UTF8.GetBytes(token);
    }
}

using System.Buffers.Text;
using System.Security.Cryptography;

namespace Aspire.Hosting.Internal;

/// <summary>
/// Makes a workload's bootstrap token: the credential its sidecar presents to the control plane for a
/// certificate of the workload's identity, as a pod presents its service-account token to Istio's CA.
/// </summary>
internal static class BootstrapToken
{
    /// <summary>256 random bits (43 base64url characters), far beyond the control plane's 16-character minimum.</summary>
    private const int Size = 32;

    /// <summary>A new token, base64url without padding so it passes through environment variables and headers as is.</summary>
    internal static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Size));

    /// <summary>The name of the secret parameter that carries <paramref name="workload"/>'s token.</summary>
    internal static string ParameterName(string workload) => workload + "-bootstrap-token";
}

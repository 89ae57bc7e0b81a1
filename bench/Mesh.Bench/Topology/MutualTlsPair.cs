using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;

namespace Mesh.Bench.Topology;

/// <summary>
/// The <c>mtls</c> pair: the mesh path with mutual TLS between the two sidecars. The control plane declares both
/// workloads with a random bootstrap token each and each sidecar is given its own, as Mesh.Hosting does per run; a
/// sidecar then gets a workload certificate from the control plane's CA before it registers, the control plane marks
/// the callee's endpoint <c>MutualTls</c> in the caller's snapshot (auto mTLS), and the caller forwards over pooled
/// mutual-TLS connections with HTTP/2. Same programs, same environment otherwise as the plain <c>mesh</c> pair.
/// </summary>
internal sealed class MutualTlsPair
{
    public const string Name = BenchPath.Mtls;

    /// <summary>Istio's trust domain and the namespace every bench workload is in: the identities the CA issues.</summary>
    private const string IdentityPrefix = "spiffe://cluster.local/ns/default/sa/";

    private MutualTlsPair(string calleeToken, string callerToken)
    {
        CalleeToken = calleeToken;
        CallerToken = callerToken;
    }

    /// <summary>The callee's workload, service and service account (<c>backend-mtls</c>).</summary>
    public static string CalleeWorkload => $"{BenchTopology.BackendWorkload}-{Name}";

    /// <summary>The caller's workload, service and service account (<c>client-mtls</c>).</summary>
    public static string CallerWorkload => $"{BenchTopology.CallerWorkload}-{Name}";

    /// <summary>The SPIFFE identity the callee's certificate carries (what <c>By=</c> names in x-forwarded-client-cert).</summary>
    public static string CalleeIdentity => IdentityPrefix + CalleeWorkload;

    /// <summary>The SPIFFE identity the caller's certificate carries (what <c>URI=</c> names in x-forwarded-client-cert).</summary>
    public static string CallerIdentity => IdentityPrefix + CallerWorkload;

    public string CalleeToken { get; }

    public string CallerToken { get; }

    /// <summary>A pair with new tokens: 256 random bits each, as Mesh.Hosting's (the control plane wants at least 16 characters).</summary>
    public static MutualTlsPair Create() => new(Token(), Token());

    /// <summary>
    /// The control plane's declarations of the two workloads with their tokens (<c>Mesh__ControlPlane__Workloads__{i}__*</c>,
    /// as Mesh.Hosting's ControlPlaneEnvironment writes them), from index <paramref name="first"/> on.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> ControlPlaneVariables(int first)
    {
        foreach (var (i, workload, token) in new[] { (first, CalleeWorkload, CalleeToken), (first + 1, CallerWorkload, CallerToken) })
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Mesh__ControlPlane__Workloads__{i}__");
            yield return new(prefix + "Name", workload);
            yield return new(prefix + "Service", workload);
            yield return new(prefix + "Version", "v1");
            yield return new(prefix + "ServiceAccount", workload);
            yield return new(prefix + "Namespace", "default");
            yield return new(prefix + "Token", token);
        }
    }

    /// <summary>The number of workloads <see cref="ControlPlaneVariables"/> declares.</summary>
    public const int DeclaredWorkloads = 2;

    private static string Token() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}

using System.Buffers.Text;
using System.Security.Cryptography;
using Mesh.Model.Conventions;

namespace Mesh.Bench.Topology;

/// <summary>
/// The bench's workloads as the control plane must know them: the control plane admits no sidecar the AppHost did not
/// declare with a bootstrap token, so every bench sidecar is declared with one, as Mesh.Hosting does per run.
/// </summary>
internal static class BenchWorkloads
{
    /// <summary>The namespace every bench workload is in.</summary>
    public const string Namespace = "default";

    /// <summary>A new token: 256 random bits, as Mesh.Hosting's (the control plane wants at least 16 characters).</summary>
    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The control plane's declaration of <paramref name="workload"/> (its own service and service account) with its token
    /// (<c>Mesh__ControlPlane__Workloads__{index}__*</c>, as Mesh.Hosting's ControlPlaneEnvironment writes them).
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> Declare(int index, string workload, string token)
    {
        yield return new(MeshSettings.ControlPlane.WorkloadName(index), workload);
        yield return new(MeshSettings.ControlPlane.WorkloadService(index), workload);
        yield return new(MeshSettings.ControlPlane.WorkloadVersion(index), "v1");
        yield return new(MeshSettings.ControlPlane.WorkloadServiceAccount(index), workload);
        yield return new(MeshSettings.ControlPlane.WorkloadNamespace(index), Namespace);
        yield return new(MeshSettings.ControlPlane.WorkloadToken(index), token);
    }
}

/// <summary>
/// A pair whose hop is plain text (the <c>sidecar</c> and <c>mesh</c> paths, and each variant's): declared with tokens
/// like every sidecar, which then also get certificates, so a PeerAuthentication <c>DISABLE</c> on the callee keeps
/// callers from opening mutual TLS to it.
/// </summary>
/// <param name="Suffix">Empty for the plain pair, <c>-NAME</c> for a variant's.</param>
internal sealed record PlainPair(string Suffix)
{
    public string Callee => BenchTopology.BackendWorkload + Suffix;

    public string Caller => BenchTopology.CallerWorkload + Suffix;

    public string CalleeToken { get; } = BenchWorkloads.NewToken();

    public string CallerToken { get; } = BenchWorkloads.NewToken();

    /// <summary>Keeps the callee's inbound plain text, and so every caller's hop to it.</summary>
    public string PlainTextPolicy => $"""
        apiVersion: security.istio.io/v1
        kind: PeerAuthentication
        metadata:
          name: plain-text-{Callee}
          namespace: {BenchWorkloads.Namespace}
        spec:
          selector:
            matchLabels:
              app: {Callee}
          mtls:
            mode: DISABLE
        """;

    /// <summary>The two declarations, from index <paramref name="first"/> on.</summary>
    public IEnumerable<KeyValuePair<string, string>> ControlPlaneVariables(int first) =>
        BenchWorkloads.Declare(first, Callee, CalleeToken).Concat(BenchWorkloads.Declare(first + 1, Caller, CallerToken));

    /// <summary>The number of workloads <see cref="ControlPlaneVariables"/> declares.</summary>
    public const int DeclaredWorkloads = 2;
}

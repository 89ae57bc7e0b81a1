using Mesh.Model.Conventions;

namespace Mesh.Bench.Topology;

/// <summary>
/// A pair of sidecars with mutual TLS between them: the <c>mtls</c> path (HTTP/1.1, the load generator's protocol, kept
/// across the hop) or the <c>grpc-mtls</c> path (HTTP/2 on every hop, the callee's sidecar speaking h2c to the backend's
/// gRPC port). The control plane declares both workloads with a random bootstrap token each and each sidecar is given its
/// own, as Mesh.Hosting does per run; a sidecar then gets a workload certificate from the control plane's CA before it
/// registers, the control plane marks the callee's endpoint <c>MutualTls</c> in the caller's snapshot (auto mTLS), and the
/// caller forwards over pooled mutual-TLS connections. Same programs, same environment otherwise as the plain <c>mesh</c> pair.
/// </summary>
internal sealed class MutualTlsPair
{
    private MutualTlsPair(string name, string calleeToken, string callerToken)
    {
        Name = name;
        CalleeToken = calleeToken;
        CallerToken = callerToken;
    }

    /// <summary>The pair's path, and the suffix of its workloads' names.</summary>
    public string Name { get; }

    /// <summary>The callee's workload, service and service account (<c>backend-mtls</c>).</summary>
    public string CalleeWorkload => $"{BenchTopology.BackendWorkload}-{Name}";

    /// <summary>The caller's workload, service and service account (<c>client-mtls</c>).</summary>
    public string CallerWorkload => $"{BenchTopology.CallerWorkload}-{Name}";

    /// <summary>The SPIFFE identity the callee's certificate carries (what <c>By=</c> names in x-forwarded-client-cert).</summary>
    public string CalleeIdentity => Identity(CalleeWorkload);

    /// <summary>The SPIFFE identity the caller's certificate carries (what <c>URI=</c> names in x-forwarded-client-cert).</summary>
    public string CallerIdentity => Identity(CallerWorkload);

    public string CalleeToken { get; }

    public string CallerToken { get; }

    /// <summary>
    /// The pair for path <paramref name="name"/> (<see cref="BenchPath.Mtls"/> or <see cref="BenchPath.GrpcMtls"/>) with new
    /// tokens: 256 random bits each, as Mesh.Hosting's (the control plane wants at least 16 characters).
    /// </summary>
    public static MutualTlsPair Create(string name) => new(name, BenchWorkloads.NewToken(), BenchWorkloads.NewToken());

    /// <summary>
    /// The control plane's declarations of the two workloads with their tokens (<c>Mesh__ControlPlane__Workloads__{i}__*</c>,
    /// as Mesh.Hosting's ControlPlaneEnvironment writes them), from index <paramref name="first"/> on.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> ControlPlaneVariables(int first) =>
        BenchWorkloads.Declare(first, CalleeWorkload, CalleeToken).Concat(BenchWorkloads.Declare(first + 1, CallerWorkload, CallerToken));

    /// <summary>The number of workloads <see cref="ControlPlaneVariables"/> declares.</summary>
    public const int DeclaredWorkloads = 2;

    /// <summary>The SPIFFE ID the CA issues a bench workload, whose service account is its name.</summary>
    private static string Identity(string workload) => SpiffeIdentity.For(BenchWorkloads.Namespace, workload).Uri;
}

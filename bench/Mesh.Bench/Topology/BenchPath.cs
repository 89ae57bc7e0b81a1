namespace Mesh.Bench.Topology;

/// <summary>One way from the load generator to the backend.</summary>
/// <param name="Name">Short key used in the JSON and on the command line: <c>direct</c>, <c>sidecar</c>, <c>mesh</c>, <c>mtls</c>, <c>nginx</c>.</param>
/// <param name="Title">What the tables show.</param>
/// <param name="Target">The URL the load generator requests.</param>
/// <param name="Proxies">The proxy processes on the path, in hop order (none for <c>direct</c>).</param>
internal sealed record BenchPath(string Name, string Title, Uri Target, IReadOnlyList<ChildProcess> Proxies)
{
    public const string Direct = "direct";
    public const string Sidecar = "sidecar";
    public const string Mesh = "mesh";

    /// <summary>The mesh path with mutual TLS between the two sidecars (<see cref="MutualTlsPair"/>).</summary>
    public const string Mtls = "mtls";

    public const string Nginx = "nginx";

    /// <summary>Every path, in table order.</summary>
    public static readonly string[] All = [Direct, Sidecar, Mesh, Mtls, Nginx];

    /// <summary>The base path of a variant's path (<c>mesh@h2</c> → <c>mesh</c>).</summary>
    public static string BaseOf(string name) => name.Split('@')[0];

    public static string TitleOf(string name) => name.Contains('@', StringComparison.Ordinal)
        ? $"{TitleOf(BaseOf(name))} [{name[(name.IndexOf('@', StringComparison.Ordinal) + 1)..]}]"
        : name switch
    {
        Direct => "direct",
        Sidecar => "1 sidecar (inbound)",
        Mesh => "mesh: 2 sidecars",
        Mtls => "mesh + mTLS",
        Nginx => "nginx: 2 hops",
        _ => name,
    };
}

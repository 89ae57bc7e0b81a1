using Mesh.Bench.Load;

namespace Mesh.Bench.Topology;

/// <summary>One way from the load generator to the backend.</summary>
/// <param name="Name">Short key used in the JSON and on the command line: <c>direct</c>, <c>sidecar</c>, <c>mesh</c>, <c>mtls</c>, <c>nginx</c>, <c>grpc-direct</c>, <c>grpc-mtls</c>.</param>
/// <param name="Title">What the tables show.</param>
/// <param name="Target">The URL the load generator requests.</param>
/// <param name="Proxies">The proxy processes on the path, in hop order (none for <c>direct</c>).</param>
/// <param name="Grpc">Whether the path is measured with gRPC unary calls instead of HTTP GETs.</param>
internal sealed record BenchPath(string Name, string Title, Uri Target, IReadOnlyList<ChildProcess> Proxies, bool Grpc = false)
{
    public const string Direct = "direct";
    public const string Sidecar = "sidecar";
    public const string Mesh = "mesh";

    /// <summary>The mesh path with mutual TLS between the two sidecars (<see cref="MutualTlsPair"/>).</summary>
    public const string Mtls = "mtls";

    public const string Nginx = "nginx";

    /// <summary>gRPC unary calls straight to the backend's gRPC port: the gRPC paths' baseline.</summary>
    public const string GrpcDirect = "grpc-direct";

    /// <summary>gRPC unary calls through two sidecars with mutual TLS between them, HTTP/2 on every hop.</summary>
    public const string GrpcMtls = "grpc-mtls";

    /// <summary>Every path, in table order.</summary>
    public static readonly string[] All = [Direct, Sidecar, Mesh, Mtls, Nginx, GrpcDirect, GrpcMtls];

    /// <summary>What the load generator sends on this path.</summary>
    public LoadTarget Load => Grpc ? LoadTarget.GrpcUnary(Target) : LoadTarget.HttpGet(Target);

    /// <summary>The base path of a variant's path (<c>mesh@h2</c> → <c>mesh</c>).</summary>
    public static string BaseOf(string name) => name.Split('@')[0];

    /// <summary>The variant a path belongs to (<c>mesh@prev</c>: <c>prev</c>); null for the build under test's own paths.</summary>
    public static string? VariantOf(string name) => name.IndexOf('@', StringComparison.Ordinal) is var at and >= 0 ? name[(at + 1)..] : null;

    /// <summary>The path <paramref name="name"/>'s added latency is measured against: <c>grpc-direct</c> for the gRPC paths, else <c>direct</c>.</summary>
    public static string BaselineOf(string name) => IsGrpc(name) ? GrpcDirect : Direct;

    /// <summary>Whether <paramref name="name"/> is one of the gRPC paths.</summary>
    public static bool IsGrpc(string name) => BaseOf(name) is GrpcDirect or GrpcMtls;

    public static string TitleOf(string name) => VariantOf(name) is { } variant
        ? $"{TitleOf(BaseOf(name))} [{variant}]"
        : name switch
    {
        Direct => "direct",
        Sidecar => "1 sidecar (inbound)",
        Mesh => "mesh: 2 sidecars",
        Mtls => "mesh + mTLS",
        Nginx => "nginx: 2 hops",
        GrpcDirect => "gRPC unary, direct",
        GrpcMtls => "gRPC unary, mesh + mTLS",
        _ => name,
    };
}

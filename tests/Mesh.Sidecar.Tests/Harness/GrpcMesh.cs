using Grpc.Core;
using Grpc.Net.Client;

namespace Mesh.Sidecar.Tests.Harness;

/// <summary>
/// gRPC through two real sidecars: <c>productpage-v1</c>'s app calls reviews through its sidecar's outbound listener,
/// and <c>reviews-v1</c>'s sidecar (<c>Mesh:AppProtocol</c> <c>http2</c>) forwards to a real gRPC server
/// (<see cref="GrpcApp"/>). With <c>mutualTls</c> both sidecars have identities and speak mutual TLS (HTTP/2 by ALPN);
/// without, plain text (HTTP/2 with prior knowledge). Configuration is Istio YAML (<see cref="SecureMesh"/>).
/// </summary>
internal sealed class GrpcMesh : IAsyncDisposable
{
    private readonly bool _mutualTls;
    private GrpcChannel? _channel;

    private GrpcMesh(SecureMesh mesh, GrpcApp app, bool mutualTls)
    {
        Mesh = mesh;
        App = app;
        _mutualTls = mutualTls;
    }

    public SecureMesh Mesh { get; }

    /// <summary>The gRPC server behind reviews-v1's sidecar.</summary>
    public GrpcApp App { get; }

    /// <summary>The caller's workload, whose sidecar's outbound listener the calls enter.</summary>
    public MeshWorkload Caller => Mesh["productpage-v1"];

    /// <summary>The callee's workload.</summary>
    public MeshWorkload Callee => Mesh[SecureMesh.Callee];

    /// <summary>A call invoker as productpage's app would use, its channel on the outbound listener for reviews.</summary>
    public CallInvoker Calls => (_channel ??= GrpcApp.Channel(Caller.Sidecar.Outbound())).CreateCallInvoker();

    public static async Task<GrpcMesh> StartAsync(bool mutualTls = true, string yaml = "", bool healthService = false)
    {
        var mesh = await SecureMesh.StartAsync();
        var app = await GrpcApp.StartAsync(SecureMesh.Callee, healthService);
        var created = new GrpcMesh(mesh, app, mutualTls);
        await mesh.AddAsync(SecureMesh.Callee, identity: mutualTls,
            extraSettings: new Dictionary<string, string>(StringComparer.Ordinal) { ["AppProtocol"] = "http2" }, app: app.BaseAddress);
        await mesh.AddAsync("productpage-v1", identity: mutualTls, callsReviews: true);
        await created.ApplyAsync(yaml);
        return created;
    }

    /// <summary>Applies <paramref name="yaml"/> to every sidecar.</summary>
    public Task ApplyAsync(string yaml) => Mesh.ApplyAsync(yaml, _mutualTls);

    /// <summary>A unary call of <see cref="EchoGrpc.Unary"/> through the caller's sidecar.</summary>
    public async Task<string> UnaryAsync(string request, CallOptions options = default) =>
        await Calls.AsyncUnaryCall(EchoGrpc.Unary, null, options, request);

    /// <summary>
    /// A unary call sent as raw HTTP/2 (gRPC's framing by hand) with <paramref name="headers"/>, so a test sees the
    /// sidecar's answer as it is: status, headers (a trailers-only answer's <c>grpc-status</c>) and trailers.
    /// </summary>
    public Task<HttpResponseMessage> RawUnaryAsync(string request, params (string Name, string Value)[] headers) =>
        RawUnaryAsync(Caller.Sidecar.Outbound(), request, headers);

    /// <summary>As the overload above, to <paramref name="address"/>.</summary>
    public static async Task<HttpResponseMessage> RawUnaryAsync(Uri address, string request, params (string Name, string Value)[] headers)
    {
        var message = System.Text.Encoding.UTF8.GetBytes(request);
        var framed = new byte[5 + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(1), message.Length);
        message.CopyTo(framed, 5);
        using var call = PriorKnowledge.Request(HttpMethod.Post, new Uri(address, $"/{EchoGrpc.Service}/{EchoGrpc.Unary.Name}"));
        call.Content = new ByteArrayContent(framed);
        call.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        call.Headers.TE.ParseAdd("trailers");
        foreach (var (name, value) in headers)
        {
            call.Headers.TryAddWithoutValidation(name, value);
        }

        using var client = PriorKnowledge.Http2Client();
        var response = await client.SendAsync(call);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>The <c>grpc-status</c> of a raw answer: from its trailers, or its headers when it is trailers-only.</summary>
    public static string? GrpcStatus(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
            : response.Headers.TryGetValues("grpc-status", out var header) ? header.Single()
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        await Mesh.DisposeAsync();
        await App.DisposeAsync();
    }
}

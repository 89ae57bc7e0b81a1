using Google.Protobuf;
using Grpc.Core;
using Mesh.Bench.Grpc;

namespace Mesh.Bench.Backend;

/// <summary>The gRPC paths' backend: every unary call is answered with the same body as the HTTP paths' responses.</summary>
internal sealed class BenchService(BenchBody body) : Bench.Grpc.Bench.BenchBase
{
    private readonly UnaryReply _reply = new() { Body = ByteString.CopyFrom(body.Bytes) };

    public override Task<UnaryReply> Unary(UnaryRequest request, ServerCallContext context) => Task.FromResult(_reply);
}

/// <summary>The response body every path answers with.</summary>
internal sealed record BenchBody(byte[] Bytes);

using Grpc.Core;
using Grpc.Net.Client;
using Mesh.Bench.Grpc;

namespace Mesh.Bench.Load;

/// <summary>
/// The gRPC paths' request: <c>Bench/Unary</c> (bench.proto), answered with the backend's 1 KB body, through Grpc.Net.Client
/// over HTTP/2 without TLS (prior knowledge), as an app calls a gRPC service at an <c>http://</c> address. Calls share the
/// run's connections as HTTP/2 streams; more connections open only past a connection's stream limit.
/// </summary>
internal sealed class GrpcUnaryTarget(Uri address) : LoadTarget
{
    private static readonly UnaryRequest s_request = new();

    public override Uri Address => address;

    public override ILoadSender Open(int maxConnections)
    {
        var handler = LoadClient.CreateHandler(maxConnections);
        handler.EnableMultipleHttp2Connections = true;
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        return new Sender(channel, new Bench.Grpc.Bench.BenchClient(channel));
    }

    private sealed class Sender(GrpcChannel channel, Bench.Grpc.Bench.BenchClient client) : ILoadSender
    {
        public async Task<bool> SendAsync(RunErrors errors)
        {
            try
            {
                await client.UnaryAsync(s_request, deadline: DateTime.UtcNow.AddSeconds(30));
                return true;
            }
            catch (RpcException e)
            {
                errors.Add($"gRPC {e.StatusCode}: {e.Status.Detail}");
                return false;
            }
        }

        public void Dispose() => channel.Dispose();
    }
}

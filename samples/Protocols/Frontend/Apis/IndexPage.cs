using Grpc.Core;
using Protocols.Frontend.Services;
using Protocols.Frontend.Views;

namespace Protocols.Frontend.Apis;

/// <summary><c>/</c>: makes one call of each kind and shows what came back, so each visit puts every protocol on the mesh.</summary>
internal static class IndexPage
{
    private static readonly string[] s_names = ["Ada", "Grace", "Linus"];

    public static IEndpointRouteBuilder MapIndexPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", async (GreeterCalls greeter, StreamsWebSocket socket, StreamsClient streams, CancellationToken cancellationToken) =>
        {
            var rows = new List<IndexView.Row>
            {
                await RowAsync("SayHello", "gRPC unary", async () => (await greeter.UnaryAsync("world", cancellationToken)).Message),
                await RowAsync("SayHelloStream", "gRPC server streaming", async () =>
                    string.Join("\n", (await greeter.ServerStreamAsync("world", 3, 100, cancellationToken)).Select(r => r.Message))),
                await RowAsync("SayHelloToAll", "gRPC client streaming", async () => (await greeter.ClientStreamAsync(s_names, cancellationToken)).Message),
                await RowAsync("Chat", "gRPC bidirectional streaming", async () =>
                    string.Join("\n", (await greeter.BidirectionalAsync(s_names, cancellationToken)).Select(r => r.Message))),
                await RowAsync("Slow (1000 ms) under a 200 ms deadline", "gRPC deadline", async () =>
                {
                    var outcome = await greeter.DeadlineAsync(1000, 200, cancellationToken);
                    return $"{outcome.Status} after {outcome.ElapsedMs} ms";
                }),
                await RowAsync("Fail with UNAVAILABLE", "gRPC status", async () =>
                {
                    var outcome = await greeter.FailAsync((int)StatusCode.Unavailable, 0, Guid.NewGuid().ToString("n"), cancellationToken);
                    return $"{outcome.Status}: {outcome.Detail}";
                }),
                await RowAsync("/ws/echo", "WebSocket", async () =>
                {
                    var outcome = await socket.EchoAsync(3, cancellationToken);
                    var caller = outcome.ClientCertificate.Length == 0 ? "no x-forwarded-client-cert" : outcome.ClientCertificate;
                    return $"streams saw: {caller}\nechoed: {string.Join(", ", outcome.Received)}";
                }),
                await RowAsync("POST /upload (1 MiB, streamed)", "HTTP request streaming", async () =>
                {
                    var outcome = await streams.UploadAsync(1024 * 1024, cancellationToken);
                    return $"sent {outcome.Sent.Bytes} bytes, streams received {outcome.Received.Bytes}; SHA-256 {(outcome.Sent == outcome.Received ? "matches" : "differs")}";
                }),
            };
            return Results.Content(IndexView.Render(rows), "text/html; charset=utf-8");
        });
        return app;
    }

    // A page shows every call's outcome, a failed one included, instead of failing whole.
    private static async Task<IndexView.Row> RowAsync(string call, string protocol, Func<Task<string>> make)
    {
        try
        {
            return new IndexView.Row(call, protocol, await make(), Failed: false);
        }
        catch (Exception e) when (e is RpcException or HttpRequestException or System.Net.WebSockets.WebSocketException or InvalidOperationException)
        {
            return new IndexView.Row(call, protocol, e.Message, Failed: true);
        }
    }
}

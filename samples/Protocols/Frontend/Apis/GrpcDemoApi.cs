using Grpc.Core;
using Protocols.Frontend.Services;
using Protocols.Shared;

namespace Protocols.Frontend.Apis;

/// <summary>
/// <c>/grpc/*</c>: each kind of gRPC call to greeter, made on request, its outcome as JSON. A call that fails answers
/// 502 with the gRPC status and detail; <c>/grpc/deadline</c> and <c>/grpc/fail</c> report the status as their result.
/// </summary>
internal static class GrpcDemoApi
{
    public static IEndpointRouteBuilder MapGrpcDemoApi(this IEndpointRouteBuilder app)
    {
        var grpc = app.MapGroup("/grpc");

        grpc.MapGet("/unary", (GreeterCalls calls, string? name, CancellationToken cancellationToken) =>
            Call(async () => Results.Json(await calls.UnaryAsync(name ?? "world", cancellationToken))));

        grpc.MapGet("/server-stream", (HttpRequest request, GreeterCalls calls, string? name, CancellationToken cancellationToken) =>
            !QueryArguments.TryRead(request, "count", 0, 1000, 3, out var count, out var error)
            || !QueryArguments.TryRead(request, "gapMs", 0, 10_000, 0, out var gapMs, out error)
                ? Task.FromResult(error!)
                : Call(async () => Results.Json(new { Messages = await calls.ServerStreamAsync(name ?? "world", count, gapMs, cancellationToken) })));

        grpc.MapGet("/client-stream", (HttpRequest request, GreeterCalls calls, CancellationToken cancellationToken) =>
            !QueryArguments.TryRead(request, "count", 0, 1000, 3, out var count, out var error)
                ? Task.FromResult(error!)
                : Call(async () => Results.Json(await calls.ClientStreamAsync(Names(count), cancellationToken))));

        grpc.MapGet("/bidi", (HttpRequest request, GreeterCalls calls, CancellationToken cancellationToken) =>
            !QueryArguments.TryRead(request, "count", 0, 1000, 3, out var count, out var error)
                ? Task.FromResult(error!)
                : Call(async () => Results.Json(new { Messages = await calls.BidirectionalAsync(Names(count), cancellationToken) })));

        grpc.MapGet("/deadline", async (HttpRequest request, GreeterCalls calls, CancellationToken cancellationToken) =>
            !QueryArguments.TryRead(request, "ms", 0, 600_000, 1000, out var delayMs, out var error)
            || !QueryArguments.TryRead(request, "deadlineMs", 1, 600_000, 200, out var deadlineMs, out error)
                ? error!
                : Results.Json(await calls.DeadlineAsync(delayMs, deadlineMs, cancellationToken)));

        grpc.MapGet("/fail", async (HttpRequest request, GreeterCalls calls, string? key, CancellationToken cancellationToken) =>
            !QueryArguments.TryRead(request, "code", 1, 16, (int)StatusCode.Unavailable, out var code, out var error)
            || !QueryArguments.TryRead(request, "failures", 0, 100, 0, out var failures, out error)
                ? error!
                : Results.Json(await calls.FailAsync(code, failures, key ?? Guid.NewGuid().ToString("n"), cancellationToken)));

        return app;
    }

    private static string[] Names(int count) => [.. Enumerable.Range(1, count).Select(i => $"caller {i}")];

    private static async Task<IResult> Call(Func<Task<IResult>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e)
        {
            return Results.Json(new { Status = e.StatusCode.ToString(), e.Status.Detail }, statusCode: StatusCodes.Status502BadGateway);
        }
    }
}

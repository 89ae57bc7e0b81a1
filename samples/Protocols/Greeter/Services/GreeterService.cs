using System.Globalization;
using Grpc.Core;

namespace Protocols.Greeter.Services;

/// <summary>The sample's gRPC service: one method per kind of call, plus a slow and a failing one (greeter.proto).</summary>
internal sealed partial class GreeterService(FailureCounts failures, ILogger<GreeterService> logger) : Greeter.GreeterBase
{
    // Which process answered: the resource name Aspire gives it (OTEL_SERVICE_NAME) and its process id.
    private static readonly string s_servedBy = string.Create(CultureInfo.InvariantCulture,
        $"{Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") ?? "greeter"}/{Environment.ProcessId}");

    public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context) =>
        Task.FromResult(Reply($"Hello {request.Name}"));

    public override async Task SayHelloStream(HelloStreamRequest request, IServerStreamWriter<HelloReply> responseStream, ServerCallContext context)
    {
        Check(request.Count is >= 0 and <= 10_000, "count", request.Count, "0 to 10000");
        Check(request.GapMs is >= 0 and <= 60_000, "gap_ms", request.GapMs, "0 to 60000");
        for (var i = 1; i <= request.Count; i++)
        {
            if (i > 1 && request.GapMs > 0)
            {
                await Task.Delay(request.GapMs, context.CancellationToken);
            }

            await responseStream.WriteAsync(Reply(string.Create(CultureInfo.InvariantCulture, $"Hello {request.Name} ({i} of {request.Count})")), context.CancellationToken);
        }
    }

    public override async Task<HelloReply> SayHelloToAll(IAsyncStreamReader<HelloRequest> requestStream, ServerCallContext context)
    {
        var names = new List<string>();
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            names.Add(request.Name);
        }

        return Reply($"Hello {string.Join(", ", names)}");
    }

    public override async Task Chat(IAsyncStreamReader<HelloRequest> requestStream, IServerStreamWriter<HelloReply> responseStream, ServerCallContext context)
    {
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(Reply($"Hello {request.Name}"), context.CancellationToken);
        }
    }

    public override async Task<SlowReply> Slow(SlowRequest request, ServerCallContext context)
    {
        Check(request.DelayMs is >= 0 and <= 600_000, "delay_ms", request.DelayMs, "0 to 600000");
        // The deadline as it arrived (grpc-timeout), read before waiting: it shows whether the caller's deadline crossed the mesh.
        var remaining = context.Deadline == DateTime.MaxValue ? -1 : (long)(context.Deadline - DateTime.UtcNow).TotalMilliseconds;
        try
        {
            await Task.Delay(request.DelayMs, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            Log.SlowCallEnded(logger, request.DelayMs, remaining);
            throw;
        }

        return new SlowReply { DeadlineRemainingMs = remaining };
    }

    public override Task<FailReply> Fail(FailRequest request, ServerCallContext context)
    {
        Check(request.Code is >= 1 and <= 16, "code", request.Code, "a gRPC status code from 1 to 16");
        var attempt = failures.Next(request.Key);
        if (request.Failures <= 0 || attempt <= request.Failures)
        {
            throw new RpcException(new Status((StatusCode)request.Code,
                string.Create(CultureInfo.InvariantCulture, $"failed on request (attempt {attempt} for key '{request.Key}')")));
        }

        return Task.FromResult(new FailReply { Attempt = attempt });
    }

    private static HelloReply Reply(string message) => new() { Message = message, ServedBy = s_servedBy };

    private static void Check(bool valid, string field, int value, string expected)
    {
        if (!valid)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                string.Create(CultureInfo.InvariantCulture, $"{field} is {value}; expected {expected}")));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Slow call of {DelayMs} ms ended by its caller ({RemainingMs} ms were left of its deadline on arrival, -1: none)")]
        public static partial void SlowCallEnded(ILogger logger, int delayMs, long remainingMs);
    }
}

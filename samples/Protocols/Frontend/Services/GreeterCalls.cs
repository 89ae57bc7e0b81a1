using System.Diagnostics;
using Grpc.Core;
using Protocols.Greeter;
using GreeterClient = Protocols.Greeter.Greeter.GreeterClient;

namespace Protocols.Frontend.Services;

/// <summary>Every kind of gRPC call to greeter, as the demo API and the page make them.</summary>
internal sealed class GreeterCalls(GreeterClient client)
{
    // A deadline on every call, as gRPC's guidance asks: without one a lost reply waits for ever.
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    public async Task<HelloReply> UnaryAsync(string name, CancellationToken cancellationToken) =>
        await client.SayHelloAsync(new HelloRequest { Name = name }, deadline: Deadline(), cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<HelloReply>> ServerStreamAsync(string name, int count, int gapMs, CancellationToken cancellationToken)
    {
        using var call = client.SayHelloStream(new HelloStreamRequest { Name = name, Count = count, GapMs = gapMs },
            deadline: Deadline(), cancellationToken: cancellationToken);
        var replies = new List<HelloReply>();
        await foreach (var reply in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            replies.Add(reply);
        }

        return replies;
    }

    public async Task<HelloReply> ClientStreamAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        using var call = client.SayHelloToAll(deadline: Deadline(), cancellationToken: cancellationToken);
        foreach (var name in names)
        {
            await call.RequestStream.WriteAsync(new HelloRequest { Name = name }, cancellationToken);
        }

        await call.RequestStream.CompleteAsync();
        return await call;
    }

    /// <summary>Sends each name and reads its greeting before sending the next: both directions stay open together.</summary>
    public async Task<IReadOnlyList<HelloReply>> BidirectionalAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        using var call = client.Chat(deadline: Deadline(), cancellationToken: cancellationToken);
        var replies = new List<HelloReply>();
        foreach (var name in names)
        {
            await call.RequestStream.WriteAsync(new HelloRequest { Name = name }, cancellationToken);
            if (!await call.ResponseStream.MoveNext(cancellationToken))
            {
                throw new RpcException(new Status(StatusCode.Internal, $"greeter ended the chat before greeting '{name}'"));
            }

            replies.Add(call.ResponseStream.Current);
        }

        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            replies.Add(call.ResponseStream.Current);
        }

        return replies;
    }

    /// <summary>A call to <c>Slow</c> that takes <paramref name="delayMs"/> under a deadline of <paramref name="deadlineMs"/>.</summary>
    public async Task<DeadlineOutcome> DeadlineAsync(int delayMs, int deadlineMs, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var reply = await client.SlowAsync(new SlowRequest { DelayMs = delayMs },
                deadline: DateTime.UtcNow.AddMilliseconds(deadlineMs), cancellationToken: cancellationToken);
            return new DeadlineOutcome(nameof(StatusCode.OK), ElapsedMs(started), reply.DeadlineRemainingMs, null);
        }
        catch (RpcException e)
        {
            return new DeadlineOutcome(e.StatusCode.ToString(), ElapsedMs(started), null, e.Status.Detail);
        }
    }

    /// <summary>A call to <c>Fail</c>: its status, and the attempt that answered when one did.</summary>
    public async Task<FailOutcome> FailAsync(int code, int failures, string key, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await client.FailAsync(new FailRequest { Code = code, Failures = failures, Key = key },
                deadline: Deadline(), cancellationToken: cancellationToken);
            return new FailOutcome(nameof(StatusCode.OK), reply.Attempt, null);
        }
        catch (RpcException e)
        {
            return new FailOutcome(e.StatusCode.ToString(), null, e.Status.Detail);
        }
    }

    private static DateTime Deadline() => DateTime.UtcNow + s_deadline;

    private static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

/// <summary>How a call under a deadline ended, how long it took, and the deadline greeter saw (OK only; -1: none).</summary>
internal sealed record DeadlineOutcome(string Status, long ElapsedMs, long? DeadlineRemainingMs, string? Detail);

/// <summary>How a call to <c>Fail</c> ended, and the attempt that answered OK.</summary>
internal sealed record FailOutcome(string Status, int? Attempt, string? Detail);

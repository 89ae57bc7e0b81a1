using System.Collections.Concurrent;
using System.Text;
using Grpc.Core;

namespace Mesh.Sidecar.Tests.Harness;

/// <summary>
/// A gRPC service of the four call kinds, with strings for messages (UTF-8, no protobuf), so tests need no code
/// generation: <c>test.Echo</c> as the <see cref="GrpcApp"/> serves it and as clients call it.
/// </summary>
internal static class EchoGrpc
{
    public const string Service = "test.Echo";

    /// <summary>The trailer every call's answer carries, naming the app: trailers must cross both sidecars.</summary>
    public const string AppTrailer = "x-echo-app";

    private static readonly Marshaller<string> s_text = Marshallers.Create(Encoding.UTF8.GetBytes, Encoding.UTF8.GetString);

    /// <summary>Answers <c>&lt;app&gt;: &lt;request&gt;</c>, unless the app's <see cref="EchoState.Unary"/> says otherwise.</summary>
    public static Method<string, string> Unary { get; } = new(MethodType.Unary, Service, nameof(EchoService.Unary), s_text, s_text);

    /// <summary>
    /// Streams back the numbers 1 to the count the request names; a count followed by <c>!</c> then fails the call with
    /// <c>ABORTED</c>, a status that comes in the trailers after messages.
    /// </summary>
    public static Method<string, string> Count { get; } = new(MethodType.ServerStreaming, Service, nameof(EchoService.Count), s_text, s_text);

    /// <summary>Joins every message the caller streams with commas.</summary>
    public static Method<string, string> Join { get; } = new(MethodType.ClientStreaming, Service, nameof(EchoService.Join), s_text, s_text);

    /// <summary>Answers each message as it arrives, <c>echo:&lt;message&gt;</c>.</summary>
    public static Method<string, string> Chat { get; } = new(MethodType.DuplexStreaming, Service, nameof(EchoService.Chat), s_text, s_text);
}

/// <summary>What a <see cref="GrpcApp"/>'s service does and saw, shared by every call.</summary>
internal sealed class EchoState(string name)
{
    private readonly ConcurrentQueue<Metadata> _unaryHeaders = new();
    private int _unaryCalls;

    public string Name { get; } = name;

    /// <summary>Answers unary calls instead of the echo, when set: gets the request and the call's number, counting from 1.</summary>
    public Func<string, int, ServerCallContext, Task<string>>? Unary { get; set; }

    /// <summary>The request headers of each unary call, in order.</summary>
    public IReadOnlyList<Metadata> UnaryHeaders => [.. _unaryHeaders];

    public int UnaryCalls => Volatile.Read(ref _unaryCalls);

    internal int CountUnary(Metadata headers)
    {
        _unaryHeaders.Enqueue(headers);
        return Interlocked.Increment(ref _unaryCalls);
    }
}

/// <summary>
/// The service's binding, as gRPC's code generator writes it: Grpc.AspNetCore binds each method of <see cref="EchoGrpc"/> to
/// the override of the virtual method of the same name on the service it creates per call; the delegates are unused.
/// </summary>
[BindServiceMethod(typeof(EchoServiceBase), nameof(BindService))]
internal abstract class EchoServiceBase
{
    public static void BindService(ServiceBinderBase binder, EchoServiceBase? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(EchoGrpc.Unary, (UnaryServerMethod<string, string>?)null);
        binder.AddMethod(EchoGrpc.Count, (ServerStreamingServerMethod<string, string>?)null);
        binder.AddMethod(EchoGrpc.Join, (ClientStreamingServerMethod<string, string>?)null);
        binder.AddMethod(EchoGrpc.Chat, (DuplexStreamingServerMethod<string, string>?)null);
    }

    public abstract Task<string> Unary(string request, ServerCallContext context);

    public abstract Task Count(string request, IServerStreamWriter<string> responses, ServerCallContext context);

    public abstract Task<string> Join(IAsyncStreamReader<string> requests, ServerCallContext context);

    public abstract Task Chat(IAsyncStreamReader<string> requests, IServerStreamWriter<string> responses, ServerCallContext context);
}

/// <summary>The service's methods.</summary>
internal sealed class EchoService(EchoState state) : EchoServiceBase
{
    public override async Task<string> Unary(string request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var number = state.CountUnary(context.RequestHeaders);
        context.ResponseTrailers.Add(EchoGrpc.AppTrailer, state.Name);
        return state.Unary is { } unary ? await unary(request, number, context) : $"{state.Name}: {request}";
    }

    public override async Task Count(string request, IServerStreamWriter<string> responses, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentNullException.ThrowIfNull(context);
        context.ResponseTrailers.Add(EchoGrpc.AppTrailer, state.Name);
        var fail = request.EndsWith('!');
        for (var i = 1; i <= int.Parse(request.TrimEnd('!'), System.Globalization.CultureInfo.InvariantCulture); i++)
        {
            await responses.WriteAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (fail)
        {
            throw new RpcException(new Status(StatusCode.Aborted, "stopped after the messages"));
        }
    }

    public override async Task<string> Join(IAsyncStreamReader<string> requests, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(context);
        context.ResponseTrailers.Add(EchoGrpc.AppTrailer, state.Name);
        var parts = new List<string>();
        while (await requests.MoveNext(context.CancellationToken))
        {
            parts.Add(requests.Current);
        }

        return string.Join(',', parts);
    }

    public override async Task Chat(IAsyncStreamReader<string> requests, IServerStreamWriter<string> responses, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentNullException.ThrowIfNull(context);
        context.ResponseTrailers.Add(EchoGrpc.AppTrailer, state.Name);
        while (await requests.MoveNext(context.CancellationToken))
        {
            await responses.WriteAsync("echo:" + requests.Current);
        }
    }
}

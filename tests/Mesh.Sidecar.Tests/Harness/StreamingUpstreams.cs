using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Mesh.Sidecar.Tests.Harness;

/// <summary><see cref="Testing.FakeApp.Handler"/>s that stream: events flushed one by one, bodies hashed as they arrive or generated as they go.</summary>
internal static class StreamingUpstreams
{
    /// <summary>How long <see cref="TwoEvents"/> holds its second event at most: a gap no buffering proxy waits out unnoticed.</summary>
    public static readonly TimeSpan GenerousGap = TimeSpan.FromSeconds(30);

    /// <summary>Writes <paramref name="count"/> events (<c>data: 1</c>, ...), each flushed, <paramref name="interval"/> apart.</summary>
    public static Func<HttpContext, int, Task> Events(int count, TimeSpan interval, string contentType = "text/event-stream") => async (context, _) =>
    {
        context.Response.ContentType = contentType;
        for (var i = 1; i <= count; i++)
        {
            if (i > 1)
            {
                await Task.Delay(interval, context.RequestAborted);
            }

            await WriteEventAsync(context, i.ToString(CultureInfo.InvariantCulture));
        }
    };

    /// <summary>
    /// Writes and flushes event <c>one</c>, then waits until <paramref name="secondMayGo"/> completes (at most
    /// <see cref="GenerousGap"/>) before it writes event <c>two</c>, and completes <paramref name="secondWritten"/> then.
    /// </summary>
    public static Func<HttpContext, int, Task> TwoEvents(Task secondMayGo, TaskCompletionSource secondWritten, string contentType) => async (context, _) =>
    {
        context.Response.ContentType = contentType;
        await WriteEventAsync(context, "one");
        await Task.WhenAny(secondMayGo, Task.Delay(GenerousGap, context.RequestAborted));
        secondWritten.TrySetResult();
        await WriteEventAsync(context, "two");
    };

    /// <summary>
    /// Reads the request body as it arrives and answers its <see cref="Digest"/>. The app lifts its own limits for it, as
    /// an upload endpoint (any size) or a gRPC client stream (any rate) does, so that only the mesh's are tested.
    /// </summary>
    public static Func<HttpContext, int, Task> BodyDigest() => async (context, _) =>
    {
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
        context.Features.Get<IHttpMinRequestBodyDataRateFeature>()!.MinDataRate = null;
        var digest = await GeneratedBody.ReadAsync(context.Request.Body, context.RequestAborted);
        await context.Response.WriteAsync(digest.ToString(), context.RequestAborted);
    };

    /// <summary>Answers <paramref name="length"/> bytes of <see cref="GeneratedBody"/>; <paramref name="halfway"/> runs when half are written.</summary>
    public static Func<HttpContext, int, Task> Generated(long length, Func<Task>? halfway = null) => (context, _) =>
    {
        context.Response.ContentLength = length;
        return GeneratedBody.WriteAsync(context.Response.Body, length, halfway, context.RequestAborted);
    };

    /// <summary>Reads one event (the <c>data:</c> line and the blank line after it) and returns its data; null at the end of the stream.</summary>
    public static async Task<string?> ReadEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var line = await reader.ReadLineAsync(cancellationToken);
        if (line is null)
        {
            return null;
        }

        Assert.Equal(string.Empty, await reader.ReadLineAsync(cancellationToken));
        return line.StartsWith("data: ", StringComparison.Ordinal) ? line["data: ".Length..] : line;
    }

    internal static async Task WriteEventAsync(HttpContext context, string data)
    {
        await context.Response.WriteAsync($"data: {data}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}

using System.Text;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Sidecar.Tests.Outbound.Logical;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Streaming;

/// <summary>
/// A request body streams to the app as the caller sends it, through two sidecars with mutual TLS, however slowly; a
/// route's timeout counts its upload.
/// </summary>
public sealed class RequestBodyStreamingTests
{
    [Fact]
    public async Task SentChunk_ThroughTwoSidecarsWithMutualTls_ReachesTheAppBeforeTheNextIsSent()
    {
        await using var mesh = await SecureMesh.StartCallerAndCalleeAsync();
        var (productpage, reviews) = (mesh[SecureMesh.Caller], mesh[SecureMesh.Callee]);
        var body = new TwoChunks();
        var firstWhileSecondUnsent = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        reviews.App.Handler = async (context, _) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var first = await reader.ReadLineAsync(context.RequestAborted);
            firstWhileSecondUnsent.TrySetResult(first == "one" && !body.SecondSent.Task.IsCompleted);
            body.FirstRead.TrySetResult();
            await context.Response.WriteAsync(first + "," + await reader.ReadLineAsync(context.RequestAborted), context.RequestAborted);
        };

        using var response = await productpage.Sidecar.Client.PostAsync(new Uri(productpage.Sidecar.Outbound(), "/upload"), body);

        Assert.Equal("one,two", await response.Content.ReadAsStringAsync());
        Assert.True(await firstWhileSecondUnsent.Task, "the app read chunk one only once chunk two was sent");
    }

    [Fact]
    public async Task TricklingRequestBody_ThroughTwoSidecars_IsNotCutForItsRate()
    {
        await using var mesh = await SecureMesh.StartCallerAndCalleeAsync();
        mesh[SecureMesh.Callee].App.Handler = StreamingUpstreams.BodyDigest();
        var productpage = mesh[SecureMesh.Caller].Sidecar;

        // 16 bytes every 500 ms for 7 s: far below Kestrel's default minimum rate (240 bytes/s after 5 s).
        using var response = await productpage.Client.PostAsync(new Uri(productpage.Outbound(), "/trickle"), new Trickle(14, TimeSpan.FromMilliseconds(500)));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {MeshWorkload.Flag(response)}\n{mesh.Logs()}");
        Assert.StartsWith("224 ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteTimeout_CountsTheUploadToo_UnlikeEnvoys()
    {
        // Envoy starts a route's timeout once the whole request is in; here it runs from the start, so an upload slower
        // than the timeout gets 504 even from an app that answers at once.
        await using var mesh = await RoutingMesh.StartAsync(RetryAndTimeoutTests.Route("timeout: 1s"), ["reviews-v1"]);
        mesh["reviews-v1"].Handler = StreamingUpstreams.BodyDigest();

        using var response = await mesh.Sidecar.Client.PostAsync(new Uri(mesh.Sidecar.Outbound(), "/upload"),
            new Trickle(4, TimeSpan.FromMilliseconds(400)));

        Assert.Equal((HttpStatusCode.GatewayTimeout, "UT"), (response.StatusCode, RoutingMesh.Flag(response)));
    }

    /// <summary>
    /// A chunked body: <c>one</c>, flushed, then <c>two</c> once the app has read <c>one</c> (or a generous gap has
    /// passed): the app reads <c>one</c> while <c>two</c> is unsent, or only after the gap if anything on the way buffers.
    /// </summary>
    private sealed class TwoChunks : HttpContent
    {
        public TaskCompletionSource FirstRead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource SecondSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("one\n"u8.ToArray());
            await stream.FlushAsync();
            await Task.WhenAny(FirstRead.Task, Task.Delay(StreamingUpstreams.GenerousGap));
            SecondSent.TrySetResult();
            await stream.WriteAsync("two\n"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>A chunked request body of <paramref name="chunks"/> 16-byte chunks, each flushed, <paramref name="interval"/> apart.</summary>
    private sealed class Trickle(int chunks, TimeSpan interval) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var i = 0; i < chunks; i++)
            {
                await stream.WriteAsync("0123456789abcdef"u8.ToArray());
                await stream.FlushAsync();
                await Task.Delay(interval);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

using Grpc.Core;
using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Grpc;

/// <summary>
/// gRPC end to end, app → its sidecar → the callee's sidecar → a real gRPC server: the four kinds of call, with mutual TLS
/// between the sidecars and without, the status and the app's trailers reaching the caller.
/// </summary>
public sealed class GrpcCallKindsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EveryCallKind_CrossesBothSidecars_WithItsTrailers(bool mutualTls)
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls);
        var calls = mesh.Calls;

        using (var unary = calls.AsyncUnaryCall(EchoGrpc.Unary, null, default, "hello"))
        {
            Assert.Equal("reviews-v1: hello", await unary.ResponseAsync);
            AssertEnded(unary.GetStatus(), unary.GetTrailers());
        }

        using (var count = calls.AsyncServerStreamingCall(EchoGrpc.Count, null, default, "5"))
        {
            Assert.Equal(["1", "2", "3", "4", "5"], await ReadAllAsync(count.ResponseStream));
            AssertEnded(count.GetStatus(), count.GetTrailers());
        }

        using (var join = calls.AsyncClientStreamingCall(EchoGrpc.Join, null, default))
        {
            foreach (var part in new[] { "a", "b", "c" })
            {
                await join.RequestStream.WriteAsync(part);
            }

            await join.RequestStream.CompleteAsync();
            Assert.Equal("a,b,c", await join.ResponseAsync);
            AssertEnded(join.GetStatus(), join.GetTrailers());
        }

        using (var chat = calls.AsyncDuplexStreamingCall(EchoGrpc.Chat, null, default))
        {
            // Each answer is read before the next message is sent: neither direction is buffered to the end.
            foreach (var message in new[] { "x", "y" })
            {
                await chat.RequestStream.WriteAsync(message);
                Assert.True(await chat.ResponseStream.MoveNext(CancellationToken.None));
                Assert.Equal("echo:" + message, chat.ResponseStream.Current);
            }

            await chat.RequestStream.CompleteAsync();
            Assert.False(await chat.ResponseStream.MoveNext(CancellationToken.None));
            AssertEnded(chat.GetStatus(), chat.GetTrailers());
        }
    }

    [Fact]
    public async Task Unary_OverMutualTls_TheAppSeesTheCallersIdentity()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: true);

        await mesh.UnaryAsync("who");

        var forwarded = Assert.Single(mesh.App.State.UnaryHeaders).GetValue("x-forwarded-client-cert");
        Assert.Contains("URI=" + mesh.Caller.SpiffeUri, forwarded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppFailure_AfterMessages_ItsStatusInTheTrailersReachesTheCaller()
    {
        await using var mesh = await GrpcMesh.StartAsync(mutualTls: false);
        using var count = mesh.Calls.AsyncServerStreamingCall(EchoGrpc.Count, null, default, "2!");

        var error = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(count.ResponseStream));

        Assert.Equal((StatusCode.Aborted, "stopped after the messages"), (error.StatusCode, error.Status.Detail));
    }

    [Theory]
    [InlineData("http2", "HTTP/2")]
    [InlineData("http", null)]
    public async Task AppProtocol_Http2_SpeaksHttp2ToTheAppWhateverTheCallerSpoke(string appProtocol, string? appSaw)
    {
        await using var mesh = await SecureMesh.StartAsync();
        await using var app = await GrpcApp.StartAsync(SecureMesh.Callee);
        await mesh.AddAsync(SecureMesh.Callee, extraSettings: new Dictionary<string, string> { ["AppProtocol"] = appProtocol }, app: app.BaseAddress);
        var caller = await mesh.AddAsync("productpage-v1", callsReviews: true);
        await mesh.ApplyAsync("");

        // An HTTP/1.1 call; the gRPC server takes HTTP/2 only.
        using var response = await caller.CallReviewsAsync("/protocol");
        var body = await response.Content.ReadAsStringAsync();

        if (appSaw is null)
        {
            // Kestrel's answer to HTTP/1.1 at an endpoint that speaks HTTP/2 only.
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        else
        {
            Assert.Equal((HttpStatusCode.OK, appSaw), (response.StatusCode, body));
        }
    }

    private static void AssertEnded(Status status, Metadata trailers)
    {
        Assert.Equal(StatusCode.OK, status.StatusCode);
        Assert.Equal("reviews-v1", trailers.GetValue(EchoGrpc.AppTrailer));
    }

    private static async Task<List<string>> ReadAllAsync(IAsyncStreamReader<string> responses)
    {
        var all = new List<string>();
        while (await responses.MoveNext(CancellationToken.None))
        {
            all.Add(responses.Current);
        }

        return all;
    }
}

using System.Text;
using Mesh.Model.Snapshots;
using Mesh.Sidecar.Outbound.Logical;

namespace Mesh.Sidecar.Tests.Outbound.Logical;

/// <summary>A gRPC request's body is kept while it streams to the first try, so that a retry sends it again whole.</summary>
public sealed class RetryableBodyTests
{
    private static readonly RetryPolicy s_retries = new(RetryConfig.IstioDefault);

    [Fact]
    public async Task ReadWhole_ThenRewound_ReplaysEveryByteThenEnds()
    {
        var request = Request("application/grpc", "hello, gRPC");
        using var body = RetryableBody.Keep(request, s_retries)!;

        Assert.Equal("hello, gRPC", await ReadAllAsync(request.Body, chunk: 4));
        Assert.True(body.CanReplay);
        body.Rewind();

        Assert.Equal("hello, gRPC", await ReadAllAsync(request.Body, chunk: 3));
    }

    [Fact]
    public async Task NothingReadYet_CanReplay_AndReadsTheCallersBody()
    {
        var request = Request("application/grpc", "untouched");
        using var body = RetryableBody.Keep(request, s_retries)!;

        // YARP's copy asks for nothing first, to wait for data without holding a buffer: that is not the end.
        Assert.Equal(0, await request.Body.ReadAsync(Memory<byte>.Empty));
        Assert.True(body.CanReplay);
        body.Rewind();

        Assert.Equal("untouched", await ReadAllAsync(request.Body, chunk: 64));
    }

    [Fact]
    public async Task ReadInPart_CannotReplay()
    {
        var request = Request("application/grpc", "still streaming");
        using var body = RetryableBody.Keep(request, s_retries)!;

        await request.Body.ReadExactlyAsync(new byte[5]);

        Assert.False(body.CanReplay);
    }

    [Fact]
    public async Task LargerThanKept_CannotReplay_ButPassesWhole()
    {
        var payload = new string('x', RetryableBody.MaxKept + 1);
        var request = Request("application/grpc", payload);
        using var body = RetryableBody.Keep(request, s_retries)!;

        Assert.Equal(payload.Length, (await ReadAllAsync(request.Body, chunk: 64 * 1024)).Length);
        Assert.False(body.CanReplay);
    }

    [Theory]
    [InlineData("application/json", 2)]
    [InlineData("application/grpc-web", 2)]
    [InlineData("application/grpc", 0)]
    public void Keep_NotGrpcOrNoRetries_LeavesTheBodyAlone(string contentType, int attempts)
    {
        var request = Request(contentType, "body");
        var original = request.Body;

        Assert.Null(RetryableBody.Keep(request, new RetryPolicy(RetryConfig.IstioDefault with { Attempts = attempts })));
        Assert.Same(original, request.Body);
    }

    [Fact]
    public void Dispose_GivesTheRequestItsBodyBack()
    {
        var request = Request("application/grpc", "body");
        var original = request.Body;

        RetryableBody.Keep(request, s_retries)!.Dispose();

        Assert.Same(original, request.Body);
    }

    private static HttpRequest Request(string contentType, string body)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }

    private static async Task<string> ReadAllAsync(Stream stream, int chunk)
    {
        var all = new MemoryStream();
        var buffer = new byte[chunk];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            all.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(all.ToArray());
    }
}

using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Mesh.Sidecar.Inbound.Security;

namespace Mesh.Sidecar.Tests.Inbound.Security;

public sealed class ConnectionSnifferTests
{
    [Theory]
    [InlineData("GET / HTTP/1.1\r\n", false, "Http1")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", false, "Http2")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04", false, "Http2")]
    [InlineData("PRI * HTTP/1.1\r\n", false, "Http1")]
    [InlineData("PUT / HTTP/1.1\r\n", false, "Http1")]
    [InlineData("PRI * HT", true, "Http1")]
    [InlineData("", true, "Closed")]
    [InlineData("\x16\x03\x01", false, "Tls")]
    public void Classify_FirstBytes_TellTheProtocol(string bytes, bool completed, string expected) =>
        Assert.Equal(Enum.Parse<SniffedProtocol>(expected), ConnectionSniffer.Classify(Bytes(bytes), completed));

    [Theory]
    [InlineData("P")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r")]
    [InlineData("")]
    public void Classify_PrefixOfThePreface_WaitsForMore(string bytes) =>
        Assert.Null(ConnectionSniffer.Classify(Bytes(bytes), completed: false));

    [Fact]
    public async Task SniffAsync_PrefaceInPieces_IsHttp2_AndNothingIsConsumed()
    {
        var pipe = new Pipe();
        var sniffing = ConnectionSniffer.SniffAsync(pipe.Reader, CancellationToken.None).AsTask();
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes("PRI * HTTP/2.0"));
        await Task.Delay(50);
        Assert.False(sniffing.IsCompleted);

        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes("\r\n\r\nSM\r\n\r\n"));

        Assert.Equal(SniffedProtocol.Http2, await sniffing.WaitAsync(TimeSpan.FromSeconds(10)));
        var next = await pipe.Reader.ReadAsync();
        Assert.Equal(ConnectionSniffer.Http2Preface.ToArray(), next.Buffer.ToArray());
    }

    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.Latin1.GetBytes(text));
}

using System.Text;
using Mesh.Sidecar.ControlPlane;

namespace Mesh.Sidecar.Tests.ControlPlane;

public sealed class StreamLineReaderTests
{
    [Fact]
    public async Task ReadLineAsync_LinesArrivingAByteAtATime_AreWholeWithoutTheirLineEnds()
    {
        var reader = new StreamLineReader(new TrickleStream("first\r\n\nsecond\nlast"), maxLineBytes: 64);

        Assert.Equal("first", await ReadAsync(reader));
        Assert.Equal("", await ReadAsync(reader));
        Assert.Equal("second", await ReadAsync(reader));
        Assert.Equal("last", await ReadAsync(reader));
        Assert.Null(await reader.ReadLineAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadLineAsync_LineOfExactlyTheLimit_IsRead()
    {
        var reader = new StreamLineReader(new MemoryStream(Encoding.UTF8.GetBytes("12345678\n")), maxLineBytes: 8);

        Assert.Equal("12345678", await ReadAsync(reader));
    }

    [Theory]
    [InlineData("123456789\nnext\n")]
    [InlineData("123456789")]
    [InlineData("12345678901234567890")]
    public async Task ReadLineAsync_LineLongerThanTheLimit_Throws(string content)
    {
        var reader = new StreamLineReader(new TrickleStream(content), maxLineBytes: 8);

        var error = await Assert.ThrowsAsync<StreamLineTooLongException>(async () => await reader.ReadLineAsync(CancellationToken.None));

        Assert.Equal(8, error.MaxLineBytes);
    }

    [Fact]
    public async Task ReadLineAsync_MultiByteCharacters_StayWhole()
    {
        var reader = new StreamLineReader(new TrickleStream("Grüße 😀\n"), maxLineBytes: 64);

        Assert.Equal("Grüße 😀", await ReadAsync(reader));
    }

    private static async Task<string?> ReadAsync(StreamLineReader reader) =>
        await reader.ReadLineAsync(CancellationToken.None) is { } line ? Encoding.UTF8.GetString(line) : null;

    /// <summary>Hands out its content one byte per read, as a slow network might.</summary>
    private sealed class TrickleStream(string content) : MemoryStream(Encoding.UTF8.GetBytes(content))
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);
    }
}

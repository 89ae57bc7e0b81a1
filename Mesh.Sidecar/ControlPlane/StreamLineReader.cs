using System.Buffers;
using System.IO.Pipelines;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>
/// Reads the push stream's lines (NDJSON: one message per line) as UTF-8 bytes, each at most a bounded length, so a
/// control plane (or anything answering in its place) cannot make the sidecar buffer without end. A line ends at
/// <c>\n</c>, which never occurs inside a multi-byte UTF-8 character; a <c>\r</c> before it is dropped.
/// </summary>
internal sealed class StreamLineReader(Stream stream, int maxLineBytes)
{
    /// <summary>
    /// The longest line read: 16 MiB. The control plane's input limits (3 MiB per text, at most 200,000 nodes) keep a
    /// snapshot far below it; a line this long is no snapshot a control plane of this mesh sends.
    /// </summary>
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));

    /// <summary>The limit this reader enforces.</summary>
    public int MaxLineBytes { get; } = maxLineBytes;

    /// <summary>The next line without its line end; null when the stream ended (a last line without <c>\n</c> is returned first).</summary>
    /// <exception cref="StreamLineTooLongException">The line is longer than <see cref="MaxLineBytes"/>.</exception>
    public async ValueTask<byte[]?> ReadLineAsync(CancellationToken token)
    {
        long searched = 0;
        while (true)
        {
            var result = await _reader.ReadAsync(token);
            var buffer = result.Buffer;
            var end = buffer.Slice(searched).PositionOf((byte)'\n');
            if (end is { } newline)
            {
                var line = buffer.Slice(0, newline);
                var bytes = line.Length > MaxLineBytes ? null : Copy(line);
                _reader.AdvanceTo(buffer.GetPosition(1, newline));
                return bytes ?? throw new StreamLineTooLongException(MaxLineBytes);
            }

            if (buffer.Length > MaxLineBytes)
            {
                _reader.AdvanceTo(buffer.End);
                throw new StreamLineTooLongException(MaxLineBytes);
            }

            if (result.IsCompleted)
            {
                var last = buffer.IsEmpty ? null : Copy(buffer);
                _reader.AdvanceTo(buffer.End);
                return last;
            }

            // Nothing consumed, everything examined: wait for more bytes and search only those.
            searched = buffer.Length;
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static byte[] Copy(ReadOnlySequence<byte> line)
    {
        var bytes = line.ToArray();
        return bytes is [.., (byte)'\r'] ? bytes[..^1] : bytes;
    }
}

/// <summary>A push-stream line longer than the sidecar reads.</summary>
internal sealed class StreamLineTooLongException(int maxLineBytes)
    : IOException($"a stream line longer than {maxLineBytes / (1024 * 1024.0):0.##} MiB, more than any snapshot; the stream is dropped and opened again")
{
    public int MaxLineBytes { get; } = maxLineBytes;
}

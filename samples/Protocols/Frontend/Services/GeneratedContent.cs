using System.Net;
using System.Security.Cryptography;

namespace Protocols.Frontend.Services;

/// <summary>
/// A request body of <c>length</c> pseudo-random bytes, made a buffer at a time while it is sent and added to
/// <c>hash</c> on the way, so an upload of any size costs one buffer.
/// </summary>
internal sealed class GeneratedContent : HttpContent
{
    private const int BufferBytes = 64 * 1024;
    private readonly long _length;
    private readonly IncrementalHash _hash;

    public GeneratedContent(long length, IncrementalHash hash)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _length = length;
        _hash = hash;
        Headers.ContentType = new("application/octet-stream");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // A fixed seed: the same length always makes the same bytes, so a run can be repeated.
#pragma warning disable CA5394 // Test data, not a secret.
        var random = new Random(1);
        var buffer = new byte[BufferBytes];
        for (var left = _length; left > 0;)
        {
            var size = (int)Math.Min(left, buffer.Length);
            random.NextBytes(buffer.AsSpan(0, size));
#pragma warning restore CA5394
            _hash.AppendData(buffer, 0, size);
            await stream.WriteAsync(buffer.AsMemory(0, size), cancellationToken);
            left -= size;
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}

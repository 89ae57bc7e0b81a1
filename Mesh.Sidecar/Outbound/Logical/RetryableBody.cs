using System.Buffers;
using Mesh.Sidecar.Primitives;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>
/// A gRPC request's body, kept as it streams to the first try so that a retry can send it again: Envoy buffers a request
/// it may retry, YARP streams a body once. A retry can replay it when nothing of it was read yet (the connection was
/// refused) or when it was read whole within <see cref="MaxKept"/> bytes (a unary call answered trailers-only); a larger
/// body, or one still streaming when the answer came, is not retried, as Envoy stops retrying a request that overflowed
/// its buffer. Only gRPC requests are kept, which Istio's default <c>retryOn</c> (<c>unavailable</c>, <c>cancelled</c>) is
/// for; other requests with a body keep streaming once, unwrapped.
/// </summary>
internal sealed class RetryableBody : Stream
{
    /// <summary>The most kept for a retry: 1 MiB, the limit the mirrors' copies share (Envoy's buffers are of that order).</summary>
    public const int MaxKept = MirrorSender.MaxMirroredBody;

    private const int FirstBuffer = 4096;

    private readonly HttpRequest _request;
    private readonly Stream _inner;
    private byte[]? _kept;
    private int _length;
    private int _position;
    private bool _ended;
    private bool _overflowed;

    private RetryableBody(HttpRequest request)
    {
        _request = request;
        _inner = request.Body;
    }

    /// <summary>Whether a retry can send the body again: nothing of it was read, or all of it is kept.</summary>
    public bool CanReplay => !_overflowed && (_ended || _length == 0);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Puts a body in front of <paramref name="request"/>'s when it is a gRPC call that <paramref name="policy"/> may retry;
    /// null otherwise. Disposing it gives the request its own body back.
    /// </summary>
    public static RetryableBody? Keep(HttpRequest request, RetryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Attempts == 0 || !GrpcProtocol.IsGrpc(request))
        {
            return null;
        }

        var body = new RetryableBody(request);
        request.Body = body;
        return body;
    }

    /// <summary>Starts the body again from its first byte, for the next try.</summary>
    public void Rewind() => _position = 0;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TryReplay(buffer.Span, out var replayed))
        {
            return replayed;
        }

        var read = await _inner.ReadAsync(buffer, cancellationToken);
        Kept(buffer.Span[..read], asked: buffer.Length);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        if (TryReplay(buffer, out var replayed))
        {
            return replayed;
        }

        var read = _inner.Read(buffer);
        Kept(buffer[..read], asked: buffer.Length);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _request.Body = _inner;
            Release();
        }

        base.Dispose(disposing);
    }

    // Serves a replay from what is kept; false when the reader has caught up and must read on from the caller.
    private bool TryReplay(Span<byte> buffer, out int read)
    {
        if (_position < _length && !buffer.IsEmpty)
        {
            read = Math.Min(buffer.Length, _length - _position);
            _kept.AsSpan(_position, read).CopyTo(buffer);
            _position += read;
            return true;
        }

        read = 0;
        return _ended;
    }

    // A read of nothing into a buffer of something is the end; a read into an empty buffer (YARP's copy asks for none to
    // wait for data without holding a buffer) says nothing.
    private void Kept(ReadOnlySpan<byte> read, int asked)
    {
        if (read.IsEmpty)
        {
            _ended |= asked > 0;
            return;
        }

        if (_overflowed)
        {
            return;
        }

        if (_length + read.Length > MaxKept)
        {
            _overflowed = true;
            Release();
            return;
        }

        if (_kept is null || _length + read.Length > _kept.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(FirstBuffer, Math.Max(_length + read.Length, (_kept?.Length ?? 0) * 2)));
            _kept?.AsSpan(0, _length).CopyTo(larger);
            if (_kept is not null)
            {
                ArrayPool<byte>.Shared.Return(_kept);
            }

            _kept = larger;
        }

        read.CopyTo(_kept.AsSpan(_length));
        _length += read.Length;
        _position = _length;
    }

    private void Release()
    {
        if (_kept is not null)
        {
            ArrayPool<byte>.Shared.Return(_kept);
            _kept = null;
        }

        _length = 0;
        _position = 0;
    }
}

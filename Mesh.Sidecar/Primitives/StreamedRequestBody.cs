using System.Net;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// Passes a forwarded request body on as it arrives. <see cref="SocketsHttpHandler"/> keeps what is written to a request
/// body in its connection's buffer until the buffer fills or the writer flushes, and YARP flushes only gRPC requests, so
/// a chunk the caller sent (a line of a streamed upload, a message of a client stream) would wait in the sidecar for the
/// next one or for the end; Envoy passes request data on as it comes. This content wraps YARP's and flushes after each
/// write: a large body, read in large pieces, costs a flush per piece, as the full buffer would anyway.
/// </summary>
/// <remarks>
/// YARP refuses a transformer that replaces its request content, so the pools wrap it below YARP, in
/// <see cref="ForwardingHandler"/>; YARP's content still does the copy and reports how it went.
/// </remarks>
internal sealed class StreamedRequestBody : HttpContent
{
    private readonly HttpContent _body;

    private StreamedRequestBody(HttpContent body)
    {
        _body = body;
        foreach (var (name, values) in body.Headers)
        {
            Headers.TryAddWithoutValidation(name, values);
        }
    }

    /// <summary>Wraps <paramref name="request"/>'s body, if it has one, as it is sent (<see cref="ForwardingHandler"/>).</summary>
    public static void Wrap(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Content is { } body)
        {
            request.Content = new StreamedRequestBody(body);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        _body.CopyToAsync(new FlushingStream(stream), context);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _body.CopyToAsync(new FlushingStream(stream), context, cancellationToken);

    // The length the caller announced (YARP's body has none of its own: it is read as it comes).
    protected override bool TryComputeLength(out long length)
    {
        length = _body.Headers.ContentLength ?? 0;
        return _body.Headers.ContentLength is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The request stream, flushed after every write.</summary>
    private sealed class FlushingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            await inner.FlushAsync(cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            inner.Flush();
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

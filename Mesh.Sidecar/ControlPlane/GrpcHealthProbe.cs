using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>
/// Probes an app that speaks HTTP/2 with gRPC's health protocol, as a Kubernetes <c>grpc</c> probe does: one call of
/// <c>grpc.health.v1.Health/Check</c> for the server as a whole (empty service name), serving when it answers
/// <c>SERVING</c>. An app without the health service (<c>UNIMPLEMENTED</c>, or an HTTP answer that is no gRPC) is probed
/// with a TCP connect instead, as a <c>tcpSocket</c> probe: it serves while it accepts connections.
/// </summary>
/// <remarks>
/// The two messages are encoded here by hand, a few bytes each, so the sidecar (Native AOT) takes no protobuf dependency:
/// a request with no fields is an empty message, and the answer's one field is <c>status</c> (field 1, a varint).
/// </remarks>
internal static class GrpcHealthProbe
{
    /// <summary>The health service's method, relative to the app's base URL.</summary>
    public const string CheckPath = "/grpc.health.v1.Health/Check";

    // HealthCheckResponse.ServingStatus, by number.
    private static readonly string[] s_servingStatus = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"];

    // gRPC's framing of the empty HealthCheckRequest: not compressed, length 0.
    private static readonly byte[] s_emptyRequest = [0, 0, 0, 0, 0];

    private const int ServingStatusField = 1;
    private const int Serving = 1;

    /// <summary>Probes the app at <paramref name="target"/> (its base URL with <see cref="CheckPath"/>).</summary>
    public static async Task<(bool Serving, string Detail)> ProbeAsync(HttpMessageInvoker invoker, Uri target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(target);
        using var request = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(s_emptyRequest),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocol.ContentType);
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.TryAddWithoutValidation("grpc-accept-encoding", "identity");

        using var response = await invoker.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || !GrpcProtocol.IsGrpcContentType(response.Content.Headers.ContentType?.MediaType))
        {
            return await ConnectAsync(target, $"HTTP {(int)response.StatusCode}, no gRPC health service", cancellationToken);
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        // In the trailers, or in the headers of a trailers-only answer.
        var status = GrpcProtocol.StatusIn(response.TrailingHeaders) ?? GrpcProtocol.StatusIn(response.Headers);
        if (status == GrpcStatus.Unimplemented)
        {
            return await ConnectAsync(target, "no gRPC health service: UNIMPLEMENTED", cancellationToken);
        }

        if (status != GrpcStatus.Ok)
        {
            return (false, status is { } failed ? $"gRPC health check answered grpc-status {(int)failed}" : "gRPC health check answered no grpc-status");
        }

        return ServingStatus(body) is { } serving
            ? (serving == Serving, "gRPC health " + (serving < s_servingStatus.Length ? s_servingStatus[serving] : $"status {serving}"))
            : (false, "gRPC health check answered a message that does not read as a HealthCheckResponse");
    }

    /// <summary>
    /// The <c>status</c> of a HealthCheckResponse in gRPC framing (null when it does not read); absent means 0, UNKNOWN,
    /// as protobuf leaves out a field at its default.
    /// </summary>
    internal static int? ServingStatus(ReadOnlySpan<byte> framed)
    {
        if (framed.Length < 5 || framed[0] != 0)
        {
            // No frame, or a compressed one (the probe asked for none).
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(framed[1..5]);
        if (length > framed.Length - 5)
        {
            return null;
        }

        var message = framed.Slice(5, (int)length);
        var status = 0;
        while (!message.IsEmpty)
        {
            if (!TryReadVarint(ref message, out var key))
            {
                return null;
            }

            var (field, wireType) = ((int)(key >> 3), (int)(key & 7));
            switch (wireType)
            {
                case 0 when TryReadVarint(ref message, out var value):
                    if (field == ServingStatusField)
                    {
                        status = (int)value;
                    }

                    break;
                case 1 when message.Length >= 8:
                    message = message[8..];
                    break;
                case 2 when TryReadVarint(ref message, out var size) && size <= (ulong)message.Length:
                    message = message[(int)size..];
                    break;
                case 5 when message.Length >= 4:
                    message = message[4..];
                    break;
                default:
                    return null;
            }
        }

        return status;
    }

    private static bool TryReadVarint(ref ReadOnlySpan<byte> data, out ulong value)
    {
        value = 0;
        for (var i = 0; i < 10 && i < data.Length; i++)
        {
            value |= (ulong)(data[i] & 0x7F) << (7 * i);
            if ((data[i] & 0x80) == 0)
            {
                data = data[(i + 1)..];
                return true;
            }
        }

        return false;
    }

    private static async Task<(bool Serving, string Detail)> ConnectAsync(Uri target, string why, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(target.Host, target.Port, cancellationToken);
            return (true, $"TCP connect ({why})");
        }
        catch (SocketException ex)
        {
            return (false, $"TCP connect failed: {ex.SocketErrorCode} ({why})");
        }
    }
}

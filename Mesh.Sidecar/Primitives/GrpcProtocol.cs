using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// What the sidecar knows of gRPC, which rides on HTTP/2: how to tell a gRPC call, its deadline (<c>grpc-timeout</c>), and
/// where its status travels (<c>grpc-status</c> in the trailers, or in the headers of a trailers-only response), with
/// Envoy's rules for each. Nothing here allocates for a request that is not gRPC.
/// </summary>
internal static class GrpcProtocol
{
    /// <summary>The status, a number (<see cref="GrpcStatus"/>).</summary>
    public const string StatusHeader = "grpc-status";

    /// <summary>The status's message, percent-encoded.</summary>
    public const string MessageHeader = "grpc-message";

    /// <summary>The caller's deadline, e.g. <c>100m</c>: 1-8 digits and a unit.</summary>
    public const string TimeoutHeader = "grpc-timeout";

    /// <summary>gRPC's content type; <c>application/grpc+proto</c> and the like name a codec.</summary>
    public const string ContentType = "application/grpc";

    private const int MaxTimeoutDigits = 8;

    // Each status's text, so a label or header never formats a number.
    private static readonly string[] s_statusText = [.. Enumerable.Range(0, (int)GrpcStatus.Unauthenticated + 1).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>
    /// Whether <paramref name="request"/> is a gRPC call, as Envoy decides: content type <c>application/grpc</c> or
    /// <c>application/grpc+</c>codec. gRPC-Web (<c>application/grpc-web</c>) is not: its status travels differently.
    /// </summary>
    public static bool IsGrpc(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsGrpcContentType(request.ContentType);
    }

    /// <summary>See <see cref="IsGrpc"/>.</summary>
    public static bool IsGrpcContentType(string? contentType) =>
        contentType is not null
        && contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)
        && (contentType.Length == ContentType.Length || contentType[ContentType.Length] == '+');

    /// <summary>
    /// Reads a <c>grpc-timeout</c> value as Envoy does: 1 to 8 digits then a unit, <c>H</c> hours, <c>M</c> minutes,
    /// <c>S</c> seconds, <c>m</c> milliseconds, <c>u</c> microseconds or <c>n</c> nanoseconds (these two rounded up to a
    /// whole millisecond). False for anything else, which is ignored as Envoy ignores it, and for zero, which Envoy reads
    /// as no deadline.
    /// </summary>
    public static bool TryParseTimeout(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (value is null || value.Length < 2 || value.Length > MaxTimeoutDigits + 1)
        {
            return false;
        }

        long amount = 0;
        for (var i = 0; i < value.Length - 1; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }

            amount = (amount * 10) + (value[i] - '0');
        }

        if (amount == 0)
        {
            return false;
        }

        timeout = value[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromMilliseconds((amount + 999) / 1000),
            'n' => TimeSpan.FromMilliseconds((amount + 999_999) / 1_000_000),
            _ => TimeSpan.Zero,
        };
        return timeout > TimeSpan.Zero;
    }

    /// <summary>
    /// The gRPC status of a reply the proxy writes itself with HTTP status <paramref name="httpStatus"/>, as Envoy maps it
    /// for gRPC callers (<c>Grpc::Utility::httpToGrpcStatus</c>).
    /// </summary>
    public static GrpcStatus FromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => GrpcStatus.Internal,
        401 => GrpcStatus.Unauthenticated,
        403 => GrpcStatus.PermissionDenied,
        404 => GrpcStatus.Unimplemented,
        429 or 502 or 503 or 504 => GrpcStatus.Unavailable,
        _ => GrpcStatus.Unknown,
    };

    /// <summary>The status as <c>grpc-status</c> carries it.</summary>
    public static string Text(GrpcStatus status) =>
        (uint)status < (uint)s_statusText.Length ? s_statusText[(int)status] : ((int)status).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The status a response carries, from its trailers or, for a trailers-only response, its headers (as Istio's
    /// <c>grpc_response_status</c> reads it); null when it carries none.
    /// </summary>
    public static string? StatusOf(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var trailers = response.HttpContext.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        if (trailers is not null && trailers.TryGetValue(StatusHeader, out var trailer) && trailer.Count > 0)
        {
            return Normalized(trailer[0]);
        }

        return response.Headers.TryGetValue(StatusHeader, out var header) && header.Count > 0 ? Normalized(header[0]) : null;
    }

    /// <summary>
    /// The status in an upstream response's <paramref name="headers"/> (those of a trailers-only response) or trailers;
    /// null when they carry none, or one that is no number.
    /// </summary>
    public static GrpcStatus? StatusIn(HttpHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!headers.NonValidated.TryGetValues(StatusHeader, out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? (GrpcStatus)code : null;
        }

        return null;
    }

    /// <summary>
    /// <paramref name="message"/> as <c>grpc-message</c> carries it: percent-encoded UTF-8 where a byte is not printable
    /// ASCII or is <c>%</c> (the gRPC specification's rule). Most messages need none and are returned as they are.
    /// </summary>
    public static string EncodeMessage(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.AsSpan().ContainsAnyExceptInRange(' ', '~') && !message.Contains('%', StringComparison.Ordinal))
        {
            return message;
        }

        var encoded = new StringBuilder(message.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= (byte)' ' and <= (byte)'~' and not (byte)'%')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    // The shared text for a status gRPC defines, so metric labels neither allocate nor take any string an app sends.
    private static string? Normalized(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && (uint)code < (uint)s_statusText.Length
            ? s_statusText[code]
            : value;
}

using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Primitives;

/// <summary>Envoy's <c>x-request-id</c>: kept when the caller sent one, generated when it did not.</summary>
internal static class RequestId
{
    /// <summary>The header's name.</summary>
    public const string HeaderName = "x-request-id";

    /// <summary>Adds a new request id to a request that has none, as Envoy does on every request it proxies.</summary>
    public static void Ensure(HttpRequest request)
    {
        if (!request.Headers.ContainsKey(HeaderName))
        {
            request.Headers[HeaderName] = NewId();
        }
    }

    /// <summary>
    /// A random (version 4) UUID from the process's shared generator, as Envoy makes its request ids: an id correlates
    /// requests and is no secret, and <see cref="Guid.NewGuid"/>'s cryptographic bytes cost a system call per request.
    /// </summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4: the high nibble of the third group (little-endian)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes).ToString();
    }
}

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
            request.Headers[HeaderName] = Guid.NewGuid().ToString();
        }
    }
}

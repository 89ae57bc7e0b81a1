using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Inbound.Authorization;

/// <summary>
/// What an AuthorizationPolicy can test about one inbound request. A struct over values the request already
/// holds, so building it per request allocates nothing.
/// </summary>
/// <param name="Principal">
/// The caller's verified identity in Istio's form, <c>cluster.local/ns/default/sa/bookinfo-productpage</c> (the
/// SPIFFE id without <c>spiffe://</c>); null for a plain-text caller.
/// </param>
/// <param name="SourceNamespace">The caller's namespace (from its certificate); null for a plain-text caller.</param>
/// <param name="Method">The HTTP method, compared case-sensitively as Envoy compares <c>:method</c>.</param>
/// <param name="Path">The path without the query string (Envoy's <c>url_path</c>).</param>
/// <param name="Host">The <c>Host</c> header (<c>:authority</c>) as sent, port included when the caller wrote one.</param>
/// <param name="DestinationPort">The port the caller addressed (Istio's <c>destination.port</c>).</param>
/// <param name="Headers">The request headers, for <c>request.headers[...]</c> conditions.</param>
internal readonly record struct RequestAttributes(
    string? Principal,
    string? SourceNamespace,
    string Method,
    string Path,
    string Host,
    int DestinationPort,
    IHeaderDictionary Headers)
{
    /// <summary>
    /// The attributes of <paramref name="request"/>. Its <see cref="HttpRequest.Path"/> never holds the query
    /// string, so paths are matched without it, as Istio does.
    /// </summary>
    public static RequestAttributes From(HttpRequest request, string? principal, string? sourceNamespace, int destinationPort)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path.Value is { Length: > 0 } value ? value : "/";
        return new RequestAttributes(principal, sourceNamespace, request.Method, path, request.Host.Value ?? "", destinationPort, request.Headers);
    }
}

using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// The request headers Envoy's HTTP connection manager sets and cleans where a request enters a proxy, with the settings
/// Istio gives each listener; applied before routing, so route matches and policies see what Envoy's would.
/// </summary>
/// <remarks>
/// <para>
/// <c>x-forwarded-for</c> and <c>x-forwarded-proto</c>: Istio's sidecar listeners (inbound and outbound) keep
/// <c>use_remote_address</c> off, so they pass <c>x-forwarded-for</c> as it came and add <c>x-forwarded-proto</c> only
/// when it is missing; its ingress gateway turns it on with no trusted hops, so it appends the caller's address to
/// <c>x-forwarded-for</c> and overwrites <c>x-forwarded-proto</c> with the connection's scheme. No other forwarding
/// header is added: <c>x-forwarded-host</c> and <c>x-forwarded-port</c> are off in Istio's default proxy headers (even
/// when a route rewrites Host), and YARP's <c>X-Forwarded-*</c> defaults are not used.
/// </para>
/// <para>
/// <c>x-envoy-*</c>: Envoy removes its internal control headers from every request it does not trust as internal, and
/// since Envoy 1.33 Istio's proxies (without mesh networks) trust no address, so every hop removes them; the gateway, an
/// edge, also removes those describing a caller inside the mesh and an <c>x-envoy-external-address</c> it did not set.
/// The mesh adds no <c>x-envoy-*</c> header of its own.
/// </para>
/// </remarks>
internal static class ProxyHeaders
{
    private const string ForHeader = "x-forwarded-for";
    private const string ProtoHeader = "x-forwarded-proto";

    // Envoy's connection manager's list for a request from outside (ConnectionManagerUtility::mutateRequestHeaders).
    private static readonly string[] s_envoyControl =
    [
        "x-envoy-internal", "x-envoy-retriable-status-codes", "x-envoy-retriable-header-names", "x-envoy-retry-on",
        "x-envoy-retry-grpc-on", "x-envoy-max-retries", "x-envoy-upstream-alt-stat-name", "x-envoy-upstream-rq-timeout-ms",
        "x-envoy-upstream-rq-per-try-timeout-ms", "x-envoy-upstream-rq-timeout-alt-response", "x-envoy-expected-rq-timeout-ms",
        "x-envoy-force-trace", "x-envoy-ip-tags", "x-envoy-original-url", "x-envoy-hedge-on-per-try-timeout",
    ];

    // And for a request at an edge proxy.
    private static readonly string[] s_envoyEdge =
        ["x-envoy-decorator-operation", "x-envoy-downstream-service-cluster", "x-envoy-downstream-service-node", "x-envoy-external-address"];

    /// <summary>A sidecar listener's hop: Envoy's control headers removed, <c>x-forwarded-proto</c> from the connection when missing.</summary>
    public static void AtSidecar(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Request.Headers;
        Remove(headers, s_envoyControl);
        if (StringValues.IsNullOrEmpty(headers[ProtoHeader]))
        {
            headers[ProtoHeader] = SchemeOf(context);
        }
    }

    /// <summary>
    /// The ingress gateway's hop: Envoy's control and edge headers removed, the caller's address appended to
    /// <c>x-forwarded-for</c>, <c>x-forwarded-proto</c> replaced.
    /// </summary>
    public static void AtGateway(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Request.Headers;
        Remove(headers, s_envoyControl);
        Remove(headers, s_envoyEdge);
        if (CallerAddress(context.Connection) is { } address)
        {
            // Envoy appends with a bare comma; several header lines count as one list.
            var forwardedFor = headers[ForHeader];
            headers[ForHeader] = StringValues.IsNullOrEmpty(forwardedFor) ? address : forwardedFor.ToString() + "," + address;
        }

        headers[ProtoHeader] = SchemeOf(context);
    }

    private static void Remove(IHeaderDictionary headers, string[] names)
    {
        foreach (var name in names)
        {
            headers.Remove(name);
        }
    }

    // Envoy appends its own address instead of a loopback peer's (a caller on the same host reached it at that address).
    private static string? CallerAddress(ConnectionInfo connection)
    {
        var remote = connection.RemoteIpAddress;
        var address = remote is not null && IPAddress.IsLoopback(remote) ? connection.LocalIpAddress : remote;
        return address?.IsIPv4MappedToIPv6 == true ? address.MapToIPv4().ToString() : address?.ToString();
    }

    private static string SchemeOf(HttpContext context) =>
        context.Features.Get<ITlsConnectionFeature>() is null ? Uri.UriSchemeHttp : Uri.UriSchemeHttps;
}

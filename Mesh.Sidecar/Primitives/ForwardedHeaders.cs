using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// <c>x-forwarded-for</c> and <c>x-forwarded-proto</c> as Envoy's HTTP connection manager sets them with the settings
/// Istio gives each listener, applied where a request enters a proxy (before routing, so route matches and policies see
/// what Envoy's would). Istio's sidecar listeners (inbound and outbound) keep <c>use_remote_address</c> off: they pass
/// <c>x-forwarded-for</c> as it came and add <c>x-forwarded-proto</c> only when it is missing. Its ingress gateway turns
/// it on with no trusted hops: it appends the caller's address to <c>x-forwarded-for</c> and overwrites
/// <c>x-forwarded-proto</c> with the connection's scheme. No other forwarding header is added: <c>x-forwarded-host</c>
/// and <c>x-forwarded-port</c> are off in Istio's default proxy headers (even when a route rewrites Host), and YARP's
/// <c>X-Forwarded-*</c> defaults are not used.
/// </summary>
internal static class ForwardedHeaders
{
    private const string ForHeader = "x-forwarded-for";
    private const string ProtoHeader = "x-forwarded-proto";

    /// <summary>A sidecar listener's hop: <c>x-forwarded-proto</c> from the connection when the caller sent none.</summary>
    public static void AtSidecar(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Request.Headers;
        if (StringValues.IsNullOrEmpty(headers[ProtoHeader]))
        {
            headers[ProtoHeader] = SchemeOf(context);
        }
    }

    /// <summary>The ingress gateway's hop: the caller's address appended to <c>x-forwarded-for</c>, <c>x-forwarded-proto</c> replaced.</summary>
    public static void AtGateway(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Request.Headers;
        if (CallerAddress(context.Connection) is { } address)
        {
            // Envoy appends with a bare comma; several header lines count as one list.
            var forwardedFor = headers[ForHeader];
            headers[ForHeader] = StringValues.IsNullOrEmpty(forwardedFor) ? address : forwardedFor.ToString() + "," + address;
        }

        headers[ProtoHeader] = SchemeOf(context);
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

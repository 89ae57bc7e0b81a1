using System.Net;
using Microsoft.AspNetCore.Http.Features;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// HTTP upgrades (WebSockets): an HTTP/1.1 request with <c>Upgrade</c>, or an HTTP/2 extended CONNECT, which becomes a
/// two-way byte stream once the upstream accepts it (<c>101</c>, or <c>200</c> to the CONNECT). YARP's forwarder does the
/// upgrade; the router needs to know one for what Envoy's router does differently to it (no mirror; the route and
/// per-try timeouts end once it is accepted).
/// </summary>
internal static class Upgrades
{
    /// <summary>Whether the caller's request asks for an upgrade.</summary>
    public static bool IsRequested(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var features = context.Features;
        return features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
            || features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;
    }

    /// <summary>Whether <paramref name="response"/> accepted an upgrade: the stream now belongs to the two ends.</summary>
    public static bool Accepted(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.StatusCode == HttpStatusCode.SwitchingProtocols
            || (response.StatusCode == HttpStatusCode.OK && response.RequestMessage?.Method == HttpMethod.Connect);
    }
}

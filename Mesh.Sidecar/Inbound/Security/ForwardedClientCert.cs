namespace Mesh.Sidecar.Inbound.Security;

/// <summary>
/// Envoy's <c>x-forwarded-client-cert</c> as Istio's inbound sidecar sets it for the app: which workload called
/// (<c>URI</c>), over a connection to which workload (<c>By</c>), with which certificate (<c>Hash</c>).
/// </summary>
internal static class ForwardedClientCert
{
    /// <summary>The header's name.</summary>
    public const string HeaderName = "x-forwarded-client-cert";

    /// <summary>The header's value for a caller verified by mutual TLS.</summary>
    public static string Format(string serverUri, string callerCertificateHash, string callerUri) =>
        $"By={serverUri};Hash={callerCertificateHash};Subject=\"\";URI={callerUri}";

    /// <summary>
    /// Sets the header for the app to the verified caller's value, or removes it for a caller without one: a value that
    /// arrived from outside is never passed on (Envoy's <c>SANITIZE_SET</c>).
    /// </summary>
    public static void Set(IHeaderDictionary headers, PeerIdentityFeature? caller)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.Remove(HeaderName);
        if (caller is not null)
        {
            headers[HeaderName] = caller.ForwardedClientCertValue;
        }
    }
}

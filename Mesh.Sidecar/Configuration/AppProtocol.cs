namespace Mesh.Sidecar.Configuration;

/// <summary>
/// The protocol the sidecar speaks to its app (<c>Mesh:AppProtocol</c>), as Istio picks it from the Service port's
/// protocol (<c>http</c>, or <c>grpc</c>/<c>http2</c>): the hosting library sets <c>http2</c> for an endpoint whose transport
/// is <c>http2</c> (Aspire's <c>AsHttp2Service()</c>).
/// </summary>
internal enum AppProtocol
{
    /// <summary><c>http</c>: HTTP/1.1, what a plain-text ASP.NET Core endpoint speaks by default.</summary>
    Http,

    /// <summary><c>http2</c>: HTTP/2 with prior knowledge (h2c) for every request, and the gRPC health protocol for probes.</summary>
    Http2,
}

/// <summary>The values <c>Mesh:AppProtocol</c> takes.</summary>
internal static class AppProtocols
{
    /// <summary>Reads <paramref name="value"/> (<c>http</c> or <c>http2</c>, any case); false for anything else.</summary>
    public static bool TryParse(string? value, out AppProtocol protocol)
    {
        protocol = AppProtocol.Http;
        if (string.Equals(value, "http", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        protocol = AppProtocol.Http2;
        return string.Equals(value, "http2", StringComparison.OrdinalIgnoreCase);
    }
}

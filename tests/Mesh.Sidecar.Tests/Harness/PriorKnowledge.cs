namespace Mesh.Sidecar.Tests.Harness;

/// <summary>Clients that speak HTTP/2 with prior knowledge (h2c) to plain-text addresses, as a .NET gRPC channel does.</summary>
internal static class PriorKnowledge
{
    /// <summary>An HTTP client whose every request is HTTP/2, never HTTP/1.1.</summary>
    public static HttpClient Http2Client() => new(new SocketsHttpHandler { UseProxy = false })
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>An HTTP/2 request (a client's defaults apply only to the requests its own helpers make).</summary>
    public static HttpRequestMessage Request(HttpMethod method, Uri uri) => new(method, uri)
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
}

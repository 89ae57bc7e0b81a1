using System.Net;
using System.Net.Sockets;

namespace Mesh.Testing;

/// <summary>Loopback helpers: free ports and HTTP clients that never go through a proxy.</summary>
public static class Loopback
{
    /// <summary>
    /// A port that is free now, for a server a test starts later on purpose (e.g. a control plane that comes
    /// up after the sidecar). Servers that start at once bind port 0 instead.
    /// </summary>
    public static int GetFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An HTTP client for loopback servers: no proxy, no redirects, a generous timeout.</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The same client, with relative URIs resolved against <paramref name="baseAddress"/>.</summary>
    public static HttpClient CreateClient(Uri baseAddress)
    {
        var client = CreateClient();
        client.BaseAddress = baseAddress;
        return client;
    }
}

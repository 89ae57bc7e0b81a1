using System.Net;

namespace Mesh.Bench.Load;

/// <summary>
/// The load generator's HTTP client: one pooled <see cref="SocketsHttpHandler"/> per run, HTTP/1.1 with
/// keep-alive (connections are opened during the warm-up and reused), nothing between it and the socket.
/// </summary>
internal static class LoadClient
{
    /// <summary>Connections an open-loop run may open: enough that requests never queue in the client at the rate.</summary>
    public static int ConnectionsFor(double rate) => Math.Max(32, (int)(rate / 25));

    public static HttpClient Create(int maxConnections) => new(CreateHandler(maxConnections))
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The handler behind <see cref="Create"/>: every protocol's load goes through the same socket settings.</summary>
    public static SocketsHttpHandler CreateHandler(int maxConnections) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        // No trace headers from the client: every path gets the same request.
        ActivityHeadersPropagator = null,
    };

    /// <summary>Sends one GET and reads the whole body; true for a 200.</summary>
    public static async Task<bool> GetAsync(HttpClient client, Uri target, RunErrors errors)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await response.Content.CopyToAsync(Stream.Null);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }

            errors.Add($"HTTP {(int)response.StatusCode}");
            return false;
        }
        catch (HttpRequestException e)
        {
            errors.Add(e.Message);
        }
        catch (TaskCanceledException e)
        {
            errors.Add(e.Message);
        }
        catch (IOException e)
        {
            errors.Add(e.Message);
        }

        return false;
    }
}

/// <summary>Failed requests of a run: how many, and the first reason.</summary>
internal sealed class RunErrors
{
    private long _count;
    private string? _first;

    public long Count => Interlocked.Read(ref _count);

    public string? First => Volatile.Read(ref _first);

    public void Add(string reason)
    {
        Interlocked.Increment(ref _count);
        Interlocked.CompareExchange(ref _first, reason, null);
    }
}

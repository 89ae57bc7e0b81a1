using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mesh.Testing;

/// <summary>
/// An app that answers every request with its own name (so a test sees which workload answered), unless a test
/// sets <see cref="Handler"/>, and remembers the headers that reached it. <c>/health</c> answers <see cref="HealthStatusCode"/>.
/// </summary>
public sealed class FakeApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private bool _stopped;
    private int _count;

    private FakeApp(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    /// <summary>The name every response body carries.</summary>
    public string Name { get; }

    /// <summary>The app's base URL.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The status <c>/health</c> answers (200 unless a test says otherwise).</summary>
    public int HealthStatusCode { get; set; } = StatusCodes.Status200OK;

    /// <summary>Requests received other than health probes, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    /// <summary>
    /// Answers requests other than health probes instead of the name, when set: it gets the request (already in
    /// <see cref="Received"/>) and its number, counting from 1. Lets a test fail, slow down or hold requests.
    /// </summary>
    public Func<HttpContext, int, Task>? Handler { get; set; }

    /// <summary>Starts on a loopback port; 0 picks a free one.</summary>
    public static async Task<FakeApp> StartAsync(string name, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var fake = new FakeApp(name, app);
        // So a Handler can accept a WebSocket (context.WebSockets), as an app behind the mesh may.
        app.UseWebSockets();
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Urls.First());
        return fake;
    }

    /// <summary>Stops listening: connections to the app's port are refused from now on.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }

    private Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path == "/health")
        {
            context.Response.StatusCode = HealthStatusCode;
            return Task.CompletedTask;
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers));
        var number = Interlocked.Increment(ref _count);
        return Handler is { } handler ? handler(context, number) : context.Response.WriteAsync(Name);
    }
}

/// <summary>A request as a <see cref="FakeApp"/> received it.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers);

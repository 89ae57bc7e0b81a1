using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mesh.Sidecar.Tests.Harness;

/// <summary>
/// A real gRPC server (Grpc.AspNetCore) on a loopback port that speaks only HTTP/2 in clear text, as an Aspire project
/// marked <c>AsHttp2Service()</c> does: the <c>test.Echo</c> service (<see cref="EchoGrpc"/>) and, when asked, gRPC's
/// health service reporting <see cref="Healthy"/>. Other requests are answered with their protocol (<c>HTTP/2</c>).
/// </summary>
internal sealed class GrpcApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile bool _healthy = true;

    private GrpcApp(WebApplication app, EchoState state)
    {
        _app = app;
        State = state;
    }

    /// <summary>A request header that makes the app wait this many milliseconds before it handles the request.</summary>
    public const string DelayHeader = "x-test-delay-ms";

    public EchoState State { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>What the health service answers for the server as a whole: SERVING or NOT_SERVING.</summary>
    public bool Healthy
    {
        get => _healthy;
        set => _healthy = value;
    }

    public static async Task<GrpcApp> StartAsync(string name, bool healthService = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var state = new EchoState(name);
        builder.Services.AddSingleton(state);
        builder.Services.AddGrpc();
        GrpcApp? created = null;
        if (healthService)
        {
            builder.Services.AddGrpcHealthChecks()
                .AddCheck("app", () => created!._healthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy());
        }

        var app = builder.Build();
        created = new GrpcApp(app, state);
        // Holds a request before gRPC's own handling starts, and so before the server's own deadline timer does: a test of
        // the sidecar's deadline sees the sidecar's answer, never the server's.
        app.Use(async (context, next) =>
        {
            if (int.TryParse(context.Request.Headers[DelayHeader], out var milliseconds))
            {
                await Task.Delay(milliseconds, context.RequestAborted);
            }

            await next(context);
        });
        app.MapGrpcService<EchoService>();
        // Any other request is answered with the protocol it came in, so a test sees the last hop's.
        app.MapFallback(context => context.Response.WriteAsync(context.Request.Protocol));
        if (healthService)
        {
            app.MapGrpcHealthChecksService();
        }

        await app.StartAsync();
        created.BaseAddress = new Uri(app.Urls.First());
        return created;
    }

    /// <summary>A channel to <paramref name="address"/>, h2c as a .NET gRPC client speaks to an <c>http://</c> address.</summary>
    public static GrpcChannel Channel(Uri address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler { UseProxy = false },
    });

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

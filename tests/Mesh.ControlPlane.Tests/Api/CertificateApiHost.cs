using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Mesh.Testing;
using Microsoft.Extensions.Logging;

namespace Mesh.ControlPlane.Tests.Api;

/// <summary>The real control plane over a temporary state folder, with its log entries captured.</summary>
internal sealed class CertificateApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _folder;

    private CertificateApiHost(WebApplication app, DirectoryInfo folder, LogCapture logs)
    {
        _app = app;
        _folder = folder;
        Logs = logs;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = Eventually.DefaultTimeout };
    }

    public HttpClient Client { get; }

    public LogCapture Logs { get; }

    public string StateDirectory => Path.Combine(_folder.FullName, "state");

    public static async Task<CertificateApiHost> StartAsync(params string[] settings)
    {
        var folder = Directory.CreateTempSubdirectory("mesh-ca-api-");
        var app = ControlPlaneApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--Mesh:ControlPlane:StateDirectory=" + Path.Combine(folder.FullName, "state"),
            .. settings,
        ]);
        var logs = new LogCapture();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        await app.StartAsync();
        return new CertificateApiHost(app, folder, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _folder.Delete(recursive: true);
    }
}

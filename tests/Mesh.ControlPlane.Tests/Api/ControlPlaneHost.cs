using Microsoft.AspNetCore.Builder;
using System.Net.Http.Json;
using Mesh.Model.Protocol;
using Mesh.Model.Registry;
using Mesh.Testing;

namespace Mesh.ControlPlane.Tests.Api;

/// <summary>The real control plane app on a free loopback port, as Program.cs runs it.</summary>
internal sealed class ControlPlaneHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ControlPlaneHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = Eventually.DefaultTimeout };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public static async Task<ControlPlaneHost> StartAsync(params string[] settings)
    {
        var app = ControlPlaneApp.Build(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. settings]);
        await app.StartAsync();
        return new ControlPlaneHost(app, new Uri(app.Urls.Single()));
    }

    public async Task<IReadOnlyList<RegistryEntry>> GetAsync(string path) =>
        await Client.GetFromJsonAsync(path, MeshJsonContext.Default.IReadOnlyListRegistryEntry) ?? [];

    public Task<FakeSidecar> ConnectAsync(WorkloadRegistration registration) => FakeSidecar.ConnectAsync(BaseAddress, registration);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

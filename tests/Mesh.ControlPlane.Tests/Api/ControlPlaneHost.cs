using Microsoft.AspNetCore.Builder;
using System.Net.Http.Json;
using Mesh.Model.Protocol;
using Mesh.Model.Registry;
using Mesh.Testing;

namespace Mesh.ControlPlane.Tests.Api;

/// <summary>
/// The real control plane app on a free loopback port, as Program.cs runs it, with Bookinfo's workloads declared with
/// their tokens (<see cref="TestCredentials"/>); <see cref="Client"/> carries no credential, <see cref="Admin"/> the admin one.
/// </summary>
internal sealed class ControlPlaneHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ControlPlaneHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = Eventually.DefaultTimeout };
        Admin = new HttpClient { BaseAddress = baseAddress, Timeout = Eventually.DefaultTimeout };
        Admin.DefaultRequestHeaders.Authorization = TestCredentials.Bearer(TestCredentials.AdminToken);
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public HttpClient Admin { get; }

    /// <summary>The app's services (its meter factory, to tell its instruments from another host's).</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<ControlPlaneHost> StartAsync(params string[] settings)
    {
        var app = ControlPlaneApp.Build([
            "--urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            .. TestCredentials.Settings(),
            // A fresh start with no sidecar to wait for: the first push need not wait for every declared workload.
            "--Mesh:ControlPlane:StartupSyncTimeout=00:00:00.001",
            .. settings,
        ]);
        await app.StartAsync();
        return new ControlPlaneHost(app, new Uri(app.Urls.Single()));
    }

    public async Task<IReadOnlyList<RegistryEntry>> GetAsync(string path) =>
        await Client.GetFromJsonAsync(path, MeshJsonContext.Default.IReadOnlyListRegistryEntry) ?? [];

    /// <summary>Opens the workload's stream with its own token, as its sidecar would.</summary>
    public Task<FakeSidecar> ConnectAsync(WorkloadRegistration registration) =>
        FakeSidecar.ConnectAsync(BaseAddress, registration, TestCredentials.TokenOf(registration.Workload));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Net.Http.Json;
using Mesh.Sidecar.Admin;
using Mesh.Sidecar.Listeners;
using Mesh.Sidecar;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Harness;

/// <summary>
/// A real sidecar started in process on loopback ports (all bound as port 0), with its log captured and an
/// HTTP client for each of its listeners.
/// </summary>
internal sealed class SidecarHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SidecarHost(WebApplication app, LogCapture logs)
    {
        _app = app;
        Logs = logs;
        Ports = app.Services.GetRequiredService<ListenerPorts>();
    }

    public LogCapture Logs { get; }

    public ListenerPorts Ports { get; }

    public HttpClient Client { get; } = Loopback.CreateClient();

    public IServiceProvider Services => _app.Services;

    public Uri Admin => new($"http://127.0.0.1:{Ports.Admin}");

    public Uri Inbound => new($"http://127.0.0.1:{Ports.Inbound}");

    /// <summary>The outbound listener at <paramref name="index"/>.</summary>
    public Uri Outbound(int index = 0) => new($"http://127.0.0.1:{Ports.Outbound(index)}");

    /// <summary>Starts a sidecar for workload <paramref name="workload"/> with the given settings (keys below <c>Mesh:</c>).</summary>
    public static Task<SidecarHost> StartAsync(Uri controlPlane, Uri app, string workload = "productpage-v1", string service = "productpage",
        IEnumerable<OutboundSpec>? outbound = null, IReadOnlyDictionary<string, string>? settings = null) =>
        StartAsync(controlPlane, app, _ => { }, workload, service, outbound, settings);

    /// <summary>
    /// Starts a sidecar as the overload above does, and lets <paramref name="configure"/> adjust its builder last
    /// (e.g. register a <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/> as its <see cref="TimeProvider"/>).
    /// </summary>
    public static async Task<SidecarHost> StartAsync(Uri controlPlane, Uri app, Action<WebApplicationBuilder> configure, string workload = "productpage-v1",
        string service = "productpage", IEnumerable<OutboundSpec>? outbound = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var args = new List<string>
        {
            $"--Mesh:ControlPlane={controlPlane}",
            $"--Mesh:App={app}",
            $"--Mesh:Workload={workload}",
            $"--Mesh:Service={service}",
            "--Mesh:Listeners:Inbound=0",
            "--Mesh:Listeners:Admin=0",
        };

        var i = 0;
        foreach (var listener in outbound ?? [])
        {
            args.Add($"--Mesh:Outbound:{i}:Name={listener.Name}");
            args.Add($"--Mesh:Outbound:{i}:Service={listener.Service}");
            if (listener.Workload is not null)
            {
                args.Add($"--Mesh:Outbound:{i}:Workload={listener.Workload}");
            }

            args.Add($"--Mesh:Outbound:{i}:Port=0");
            i++;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            args.Add($"--Mesh:{key}={value}");
        }

        var logs = new LogCapture();
        var sidecar = SidecarApp.Build([.. args], builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            configure(builder);
        });
        await sidecar.StartAsync();
        return new SidecarHost(sidecar, logs);
    }

    /// <summary>Reads <c>/readyz</c>: its status code and body.</summary>
    public async Task<(HttpStatusCode Status, ReadinessReport Report)> ReadyAsync()
    {
        using var response = await Client.GetAsync(new Uri(Admin, "/readyz"));
        var report = await response.Content.ReadFromJsonAsync(AdminJsonContext.Default.ReadinessReport);
        return (response.StatusCode, report!);
    }

    /// <summary>Waits until <c>/readyz</c> answers 200 with snapshot <paramref name="version"/>.</summary>
    public Task WaitForSnapshotAsync(string version) =>
        Eventually.WaitUntilAsync(
            async () => (await ReadyAsync()).Report.SnapshotVersion == version,
            $"the sidecar applies snapshot {version}");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>An outbound listener to configure.</summary>
internal sealed record OutboundSpec(string Name, string Service, string? Workload = null);

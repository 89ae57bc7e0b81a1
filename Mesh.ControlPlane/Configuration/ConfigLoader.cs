using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Configuration;

/// <summary>Loads the configuration at start-up and watches the config folder for saves (hot reload).</summary>
internal sealed class ConfigLoader(ConfigStore store, IOptions<ConfigSourceOptions> options, TimeProvider timeProvider, ILogger<ConfigLoader> logger)
    : IHostedService, IDisposable
{
    private ConfigDirectoryWatcher? _watcher;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        store.Load();
        if (options.Value.ConfigDirectory is { } directory)
        {
            _watcher = new ConfigDirectoryWatcher(directory, timeProvider, store.OnFilesChanged, logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _watcher?.Dispose();
}

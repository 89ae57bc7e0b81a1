using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Configuration;

/// <summary>Loads the configuration at start-up and watches the config folder for saves (hot reload).</summary>
// Takes the publisher so it is subscribed to the store before the first configuration is published.
internal sealed class ConfigLoader(ConfigStore store, Push.SnapshotPublisher publisher, IOptions<ControlPlaneOptions> options, TimeProvider timeProvider) : IHostedService, IDisposable
{
    private ConfigDirectoryWatcher? _watcher;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = publisher;
        store.Load();
        if (options.Value.ConfigDirectory is { } directory)
        {
            _watcher = new ConfigDirectoryWatcher(directory, timeProvider, store.OnFilesChanged);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _watcher?.Dispose();
}

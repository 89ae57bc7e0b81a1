using System.Globalization;
using Mesh.ControlPlane.Configuration;
using Mesh.ControlPlane.Registry;

namespace Mesh.ControlPlane.Push;

/// <summary>
/// Recompiles the <see cref="MeshModel"/> on every registry and configuration change and publishes it, with a
/// new version, only when its content changed. Both lower layers tell it of their changes (it observes them;
/// it never reads them back), so neither depends on it. Push streams wait on it (<see cref="WaitForChangeAsync"/>), so a change
/// reaches every open stream at once, without polling, and no stream waits for another.
/// </summary>
internal sealed partial class SnapshotPublisher : IRegistryObserver, IConfigObserver
{
    private readonly ISnapshotCompiler _compiler;
    private readonly ILogger<SnapshotPublisher> _logger;
    private readonly Lock _lock = new();
    private readonly Watch<MeshModel> _watch;
    private long _version = 1;
    private long _generation;

    private readonly CancellationToken _stopping;

    private RegistryView _registry = RegistryView.Empty;
    private ConfigState _config = ConfigState.Empty;

    public SnapshotPublisher(ISnapshotCompiler compiler, ILogger<SnapshotPublisher> logger, IHostApplicationLifetime? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(compiler);
        _stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        _compiler = compiler;
        _logger = logger;
        _watch = new Watch<MeshModel>(compiler.CompileModel(RegistryView.Empty.Entries, _config, FormatVersion(_version)));
    }

    /// <summary>A new configuration is in force: every sidecar gets a new snapshot (each change is a new version).</summary>
    public void OnConfigChanged(ConfigState config)
    {
        ArgumentNullException.ThrowIfNull(config);
        lock (_lock)
        {
            if (config.Version <= _config.Version)
            {
                return;
            }

            _config = config;
            Recompile();
        }
    }

    /// <summary>The newest model.</summary>
    public MeshModel Current => _watch.Current;

    /// <summary>Completes with the newest model once it is not <paramref name="seen"/>.</summary>
    public Task<MeshModel> WaitForChangeAsync(MeshModel seen) => _watch.WaitForChangeAsync(seen);

    public void OnRegistryChanged(RegistryView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        lock (_lock)
        {
            // Observers are called outside the registry's lock, so an older view can arrive after a newer one.
            if (view.Generation <= _generation)
            {
                return;
            }

            _generation = view.Generation;
            if (_stopping.IsCancellationRequested)
            {
                // The control plane is stopping and its streams are closing one by one: telling the sidecars
                // still connected that the others left would empty their endpoints while nothing has failed.
                return;
            }

            _registry = view;
            Recompile();
        }
    }

    // Caller holds _lock.
    private void Recompile()
    {
        var candidate = _compiler.CompileModel(_registry.Entries, _config, FormatVersion(_version + 1));
        if (candidate.HasSameContent(_watch.Current))
        {
            return;
        }

        _version++;
        _watch.Publish(candidate);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var endpoints = candidate.Services.Sum(s => s.Endpoints.Count);
            Log.Published(_logger, candidate.Version, candidate.Services.Count, endpoints);
        }
    }

    private static string FormatVersion(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Mesh model {Version}: {Services} services, {Endpoints} serving endpoints")]
        public static partial void Published(ILogger logger, string version, int services, int endpoints);
    }
}

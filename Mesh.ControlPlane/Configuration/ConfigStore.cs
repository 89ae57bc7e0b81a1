using Mesh.ControlPlane.Telemetry;
using Mesh.Model.Parsing;
using Mesh.Model.Protocol;
using Mesh.Model.Resources;
using Mesh.Model.Validation;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Configuration;

/// <summary>
/// The configuration in force and every way it changes: loading the sources at start-up, admin API applies
/// and deletes, saves in the config folder. A change is read, merged with the other layers
/// (<see cref="ConfigLayers"/>) and validated as a whole (<see cref="ConfigChecker"/>) before it comes into
/// force; a refused change leaves the last good configuration in force (as <c>istioctl analyze</c>, but before
/// anything breaks). Each new configuration gets the next version and goes to the <see cref="IConfigObserver"/>s.
/// </summary>
internal sealed partial class ConfigStore
{
    private readonly ConfigSourceOptions _options;
    private readonly ConfigChecker _checker;
    private readonly RuntimeChangeLog _changeLog;
    private readonly ConfigRejections _rejections;
    private readonly IConfigObserver[] _observers;
    private readonly ILogger<ConfigStore> _logger;

    // One change at a time: each is validated against the layers in force when it starts.
    // The sources of a refused change, as the validation metric counts them.
    private const string ValidationFailedRequest = "request";
    private const string ValidationFailedFile = "file";

    private readonly Lock _lock = new();
    private readonly ControlPlaneMetrics? _metrics;
    private ConfigLayers _layers = ConfigLayers.Empty;
    private ConfigState _current = ConfigState.Empty;

    public ConfigStore(
        IOptions<ConfigSourceOptions> options,
        ConfigChecker checker,
        RuntimeChangeLog changeLog,
        ConfigRejections rejections,
        IEnumerable<IConfigObserver> observers,
        ILogger<ConfigStore> logger,
        ControlPlaneMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _checker = checker;
        _changeLog = changeLog;
        _rejections = rejections;
        _observers = [.. observers];
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>The configuration in force.</summary>
    public ConfigState Current => Volatile.Read(ref _current);

    /// <summary>
    /// Loads every source at start-up. A source that does not validate is left out with its errors logged:
    /// the control plane must start, or no sidecar would get any configuration at all.
    /// </summary>
    public void Load()
    {
        lock (_lock)
        {
            var layers = ConfigLayers.Empty.WithAppHost(ReadAppHost());
            if (_options.ConfigDirectory is { } directory)
            {
                foreach (var file in FilesIn(directory))
                {
                    layers = WithFileIfValid(layers, file);
                }
            }

            var (runtime, skipped) = _changeLog.Replay();
            LogDiagnostics(skipped);
            if (runtime.Count > 0)
            {
                var names = string.Join(", ", runtime.Values.Select(static r => r.DisplayName).Order(StringComparer.Ordinal));
                Log.Replaying(_logger, runtime.Count, _changeLog.FilePath ?? "memory", names, AdminRoutes.Changes);
            }

            layers = layers.WithRuntime(runtime);

            var merged = layers.Merge();
            Publish(layers, merged, _checker.Validate(merged.Resources).Where(static d => !d.IsError).ToList());
        }
    }

    /// <summary>Creates or replaces resources from a request body, like <c>kubectl apply</c>.</summary>
    public ConfigChange Apply(string text, string source = ConfigSources.Request)
    {
        lock (_lock)
        {
            var read = ResourceReader.Read(text, source);
            var named = read.Resources.Select(static r => r.DisplayName).ToList();
            if (read.HasErrors)
            {
                return Refused(named, read.Diagnostics);
            }

            if (read.Resources.Count == 0)
            {
                return Refused(named, [SourceError.Of(source, "the body holds no resource")]);
            }

            var (layers, candidate, diagnostics) = Stage(read);
            if (diagnostics.Any(static d => d.IsError))
            {
                return Refused(named, diagnostics);
            }

            _changeLog.RecordApply(text);
            var state = Publish(layers, candidate, diagnostics);
            var list = string.Join(", ", named);
            Log.Applied(_logger, state.Version, list, source);
            return new ConfigChange(true, state.Version, named, diagnostics);
        }
    }

    /// <summary>Validates resources against the configuration in force, without applying them.</summary>
    public ConfigChange Analyze(string text, string source = ConfigSources.Request)
    {
        lock (_lock)
        {
            var read = ResourceReader.Read(text, source);
            var named = read.Resources.Select(static r => r.DisplayName).ToList();
            var diagnostics = read.HasErrors ? read.Diagnostics : Stage(read).Diagnostics;
            return new ConfigChange(false, Current.Version, named, diagnostics);
        }
    }

    /// <summary>Deletes a run-time resource. Resources from the AppHost or files are changed there, not here.</summary>
    public ConfigChange Delete(string kind, string @namespace, string name)
    {
        lock (_lock)
        {
            bool Named(ResourceKey k) => string.Equals(k.Kind, kind, StringComparison.OrdinalIgnoreCase) && k.Namespace == @namespace && k.Name == name;
            var key = _layers.RuntimeKeys.FirstOrDefault(Named);
            var display = $"{kind} {@namespace}/{name}";
            if (key == default)
            {
                var elsewhere = Current.Sources.FirstOrDefault(p => Named(p.Key));
                var reason = elsewhere.Key == default
                    ? $"{display} does not exist"
                    : $"{display} comes from {elsewhere.Value}; change it there";
                return Refused([display], [SourceError.Of(ConfigSources.Request, reason)]);
            }

            var layers = _layers.Deleting(key);
            var candidate = layers.Merge();
            var diagnostics = _checker.Validate(candidate.Resources);
            if (diagnostics.Any(static d => d.IsError))
            {
                return Refused([display], diagnostics);
            }

            _changeLog.RecordDelete(key);
            var state = Publish(layers, candidate, diagnostics);
            Log.Deleted(_logger, state.Version, display);
            return new ConfigChange(true, state.Version, [display], diagnostics);
        }
    }

    /// <summary>
    /// Deletes every run-time resource, back to what the AppHost and the config folder declare (and forgets the saved
    /// log); refused, like a delete, when the rest would not validate without them.
    /// </summary>
    public ConfigChange ClearRuntime()
    {
        lock (_lock)
        {
            var named = Current.Resources.Where(r => Current.Sources[r.Key] == ConfigSources.Request).Select(static r => r.DisplayName).ToList();
            var layers = _layers.WithRuntime(new Dictionary<ResourceKey, ConfigResource>());
            var candidate = layers.Merge();
            var diagnostics = _checker.Validate(candidate.Resources);
            if (diagnostics.Any(static d => d.IsError))
            {
                return Refused(named, diagnostics);
            }

            _changeLog.Clear();
            var state = Publish(layers, candidate, diagnostics);
            Log.Cleared(_logger, state.Version, named.Count);
            return new ConfigChange(true, state.Version, named, diagnostics);
        }
    }

    /// <summary>Re-reads config files that changed on disk (hot reload); the saves come into force together or not at all.</summary>
    public void OnFilesChanged(IReadOnlyCollection<string> paths)
    {
        lock (_lock)
        {
            var layers = _layers;
            var diagnostics = new List<ConfigDiagnostic>();
            foreach (var path in paths)
            {
                if (!File.Exists(path))
                {
                    layers = layers.WithoutFile(path);
                    continue;
                }

                var read = ConfigFiles.Read(path);
                diagnostics.AddRange(read.Diagnostics);
                if (read.HasErrors)
                {
                    Reject(path, read.Diagnostics);
                    return;
                }

                layers = layers.WithFile(path, read.Resources);
            }

            var candidate = layers.Merge();
            diagnostics.AddRange(_checker.Validate(candidate.Resources));
            if (diagnostics.Any(static d => d.IsError))
            {
                Reject(string.Join(", ", paths), diagnostics);
                return;
            }

            var state = Publish(layers, candidate, diagnostics);
            var list = string.Join(", ", paths.Select(Path.GetFileName));
            Log.Applied(_logger, state.Version, list, "config folder");
        }
    }

    /// <summary>
    /// What the configuration would be with <paramref name="read"/> applied at run time, and every diagnostic
    /// of the whole set. Caller holds <c>_lock</c>.
    /// </summary>
    private (ConfigLayers Layers, ConfigState Candidate, List<ConfigDiagnostic> Diagnostics) Stage(ReadResult read)
    {
        var layers = _layers.Applying(read.Resources);
        var candidate = layers.Merge();
        return (layers, candidate, [.. read.Diagnostics, .. _checker.Validate(candidate.Resources)]);
    }

    // The AppHost's documents one by one: one that does not read is left out, the others still count.
    private List<ConfigResource> ReadAppHost()
    {
        var resources = new List<ConfigResource>();
        foreach (var document in _options.Inline)
        {
            var read = ResourceReader.Read(document, ConfigSources.AppHost);
            LogDiagnostics(read.Diagnostics);
            if (!read.HasErrors)
            {
                resources.AddRange(read.Resources);
            }
        }

        return resources;
    }

    // A folder that cannot be listed is reported like a file that cannot be read: the control plane still starts.
    private List<string> FilesIn(string directory)
    {
        try
        {
            return [.. ConfigFiles.In(directory)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Reject(directory, [SourceError.Of(directory, $"cannot list the config folder: {e.Message}")]);
            return [];
        }
    }

    // At start-up each file is layered on the ones before it, so one bad file leaves out only itself.
    private ConfigLayers WithFileIfValid(ConfigLayers layers, string path)
    {
        var read = ConfigFiles.Read(path);
        LogDiagnostics(read.Diagnostics);
        if (read.HasErrors)
        {
            Reject(path, read.Diagnostics);
            return layers;
        }

        var candidate = layers.WithFile(path, read.Resources);
        var errors = _checker.Validate(candidate.Merge().Resources).Where(static d => d.IsError).ToList();
        if (errors.Count > 0)
        {
            Reject(path, errors);
            return layers;
        }

        return candidate;
    }

    // Caller holds _lock, so versions and notifications keep their order.
    private ConfigState Publish(ConfigLayers layers, ConfigState merged, IReadOnlyList<ConfigDiagnostic> warnings)
    {
        LogDiagnostics(warnings);
        _layers = layers;
        var state = merged with { Version = Current.Version + 1 };
        Volatile.Write(ref _current, state);
        _metrics?.ChangeAccepted(state.Version);

        foreach (var observer in _observers)
        {
            observer.OnConfigChanged(state);
        }

        return state;
    }

    private ConfigChange Refused(IReadOnlyList<string> named, IReadOnlyList<ConfigDiagnostic> diagnostics)
    {
        _metrics?.ValidationFailed(ValidationFailedRequest);
        Log.Refused(_logger, string.Join(", ", named), string.Join(Environment.NewLine, diagnostics.Where(static d => d.IsError)));
        return new ConfigChange(false, Current.Version, named, diagnostics);
    }

    private void Reject(string file, IReadOnlyList<ConfigDiagnostic> diagnostics)
    {
        var errors = string.Join(Environment.NewLine, diagnostics.Where(static d => d.IsError));
        _metrics?.ValidationFailed(ValidationFailedFile);
        Log.FileRefused(_logger, file, errors);
        _rejections.Add(file, errors);
    }
}

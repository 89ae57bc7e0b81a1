using Mesh.ControlPlane.Push;
using Mesh.ControlPlane.Registry;
using Mesh.Model.Compilation;
using Mesh.Model.Parsing;
using Mesh.Model.Registry;
using Mesh.Model.Resources;
using Mesh.Model.Validation;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Configuration;

/// <summary>
/// Holds the mesh's configuration from its three sources and merges them in order: C# from the AppHost,
/// then the config folder (one layer per file), then run-time changes. Every change is read, merged and
/// validated as a whole before it replaces the configuration in force; a refused change leaves the last
/// good configuration in force (as <c>istioctl analyze</c>, but before anything breaks).
/// </summary>
internal sealed partial class ConfigStore
{
    private const int RejectionsKept = 10;

    private readonly ControlPlaneOptions _options;
    private readonly IServiceProvider _services;
    private readonly RuntimeChangeLog _log;
    private readonly ILogger<ConfigStore> _logger;
    private readonly Lock _lock = new();
    private readonly Watch<ConfigState> _watch = new(ConfigState.Empty);
    private readonly LinkedList<string> _rejectedFileChanges = new();
    private readonly List<Action<ConfigState>> _observers = [];

    private IReadOnlyList<MeshResource> _inline = [];
    private SortedDictionary<string, IReadOnlyList<MeshResource>> _files = new(StringComparer.Ordinal);
    private Dictionary<ResourceKey, MeshResource> _runtime = [];

    // The registry is resolved when needed: it notifies the snapshot publisher, which listens to this store.
    public ConfigStore(IOptions<ControlPlaneOptions> options, IServiceProvider services, ILogger<ConfigStore> logger)
    {
        _options = options.Value;
        _services = services;
        _logger = logger;
        _log = new RuntimeChangeLog(_options.StateDirectory);
    }

    /// <summary>The configuration in force.</summary>
    public ConfigState Current => _watch.Current;

    /// <summary>Completes when a configuration newer than <paramref name="seen"/> is in force.</summary>
    public Task<ConfigState> WaitForChangeAsync(ConfigState seen) => _watch.WaitForChangeAsync(seen);

    /// <summary>Calls <paramref name="observer"/> with every new configuration, in order, under the store's lock.</summary>
    public void Subscribe(Action<ConfigState> observer)
    {
        lock (_lock)
        {
            _observers.Add(observer);
        }
    }

    /// <summary>Refused saves of config files, newest first.</summary>
    public IReadOnlyList<string> RejectedFileChanges
    {
        get
        {
            lock (_lock)
            {
                return [.. _rejectedFileChanges];
            }
        }
    }

    /// <summary>
    /// Loads every source at start-up. A source that does not validate is left out with its errors logged:
    /// the control plane must start, or no sidecar would get any configuration at all.
    /// </summary>
    public void Load()
    {
        lock (_lock)
        {
            _inline = LoadInline();
            if (_options.ConfigDirectory is { } directory)
            {
                foreach (var file in Directory.EnumerateFiles(directory).Where(ConfigDirectoryWatcher.IsConfigFile).Order(StringComparer.Ordinal))
                {
                    TryLoadFile(file);
                }
            }

            foreach (var change in _log.ReadAll())
            {
                Replay(change);
            }

            var merged = Merge(_inline, _files, _runtime);
            Publish(merged, Validate(merged.Resources).Where(d => !d.IsError).ToList());
        }
    }

    /// <summary>Creates or replaces resources from a request body, like <c>kubectl apply</c>.</summary>
    public ConfigChange Apply(string text, string source = ConfigSources.Request)
    {
        lock (_lock)
        {
            var read = ResourceReader.Read(text, source);
            var named = read.Resources.Select(r => r.DisplayName).ToList();
            if (read.HasErrors)
            {
                return Refused(named, read.Diagnostics);
            }

            if (read.Resources.Count == 0)
            {
                return Refused(named, [Problem(source, "the body holds no resource")]);
            }

            var (runtime, candidate, diagnostics) = Stage(read);
            if (diagnostics.Any(static d => d.IsError))
            {
                return Refused(named, diagnostics);
            }

            _runtime = runtime;
            _log.Append(new RuntimeChange { Operation = RuntimeChange.ApplyOperation, Text = text });
            var state = Publish(candidate, diagnostics);
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
            var named = read.Resources.Select(r => r.DisplayName).ToList();
            if (read.HasErrors)
            {
                return new ConfigChange(false, Current.Version, named, read.Diagnostics);
            }

            return new ConfigChange(false, Current.Version, named, Stage(read).Diagnostics);
        }
    }

    /// <summary>
    /// What the configuration would be with <paramref name="read"/> applied at run time, and every diagnostic
    /// of the whole set. Caller holds <c>_lock</c>.
    /// </summary>
    private (Dictionary<ResourceKey, MeshResource> Runtime, ConfigState Candidate, List<ConfigDiagnostic> Diagnostics) Stage(ReadResult read)
    {
        var runtime = new Dictionary<ResourceKey, MeshResource>(_runtime);
        foreach (var resource in read.Resources)
        {
            runtime[resource.Key] = resource;
        }

        var candidate = Merge(_inline, _files, runtime);
        return (runtime, candidate, [.. read.Diagnostics, .. Validate(candidate.Resources)]);
    }

    /// <summary>Deletes a run-time resource. Resources from the AppHost or files are changed there, not here.</summary>
    public ConfigChange Delete(string kind, string @namespace, string name)
    {
        lock (_lock)
        {
            bool Named(ResourceKey k) => string.Equals(k.Kind, kind, StringComparison.OrdinalIgnoreCase) && k.Namespace == @namespace && k.Name == name;
            var key = _runtime.Keys.FirstOrDefault(Named);
            var display = $"{kind} {@namespace}/{name}";
            if (key == default)
            {
                var elsewhere = Current.Sources.FirstOrDefault(p => Named(p.Key));
                var reason = elsewhere.Key == default
                    ? $"{display} does not exist"
                    : $"{display} comes from {elsewhere.Value}; change it there";
                return Refused([display], [Problem(ConfigSources.Request, reason)]);
            }

            var runtime = new Dictionary<ResourceKey, MeshResource>(_runtime);
            runtime.Remove(key);
            var candidate = Merge(_inline, _files, runtime);
            var diagnostics = Validate(candidate.Resources);
            if (diagnostics.Any(static d => d.IsError))
            {
                return Refused([display], diagnostics);
            }

            _runtime = runtime;
            _log.Append(new RuntimeChange { Operation = RuntimeChange.DeleteOperation, Group = key.Group, Kind = key.Kind, Namespace = key.Namespace, Name = key.Name });
            var state = Publish(candidate, diagnostics);
            Log.Deleted(_logger, state.Version, display);
            return new ConfigChange(true, state.Version, [display], diagnostics);
        }
    }

    /// <summary>Re-reads config files that changed on disk (hot reload).</summary>
    public void OnFilesChanged(IReadOnlyCollection<string> paths)
    {
        lock (_lock)
        {
            var files = new SortedDictionary<string, IReadOnlyList<MeshResource>>(_files, StringComparer.Ordinal);
            var diagnostics = new List<ConfigDiagnostic>();
            foreach (var path in paths)
            {
                if (!File.Exists(path))
                {
                    files.Remove(path);
                    continue;
                }

                var read = ReadFile(path);
                diagnostics.AddRange(read.Diagnostics);
                if (read.HasErrors)
                {
                    Reject(path, read.Diagnostics);
                    return;
                }

                files[path] = read.Resources;
            }

            var candidate = Merge(_inline, files, _runtime);
            diagnostics.AddRange(Validate(candidate.Resources));
            if (diagnostics.Any(static d => d.IsError))
            {
                Reject(string.Join(", ", paths), diagnostics);
                return;
            }

            _files = files;
            var state = Publish(candidate, diagnostics);
            var list = string.Join(", ", paths.Select(Path.GetFileName));
            Log.Applied(_logger, state.Version, list, "config folder");
        }
    }

    private List<MeshResource> LoadInline()
    {
        var resources = new List<MeshResource>();
        for (var i = 0; i < _options.Inline.Count; i++)
        {
            var read = ResourceReader.Read(_options.Inline[i], ConfigSources.AppHost);
            LogDiagnostics(read.Diagnostics);
            if (!read.HasErrors)
            {
                resources.AddRange(read.Resources);
            }
        }

        return resources;
    }

    private void TryLoadFile(string path)
    {
        var read = ReadFile(path);
        LogDiagnostics(read.Diagnostics);
        if (read.HasErrors)
        {
            Reject(path, read.Diagnostics);
            return;
        }

        var files = new SortedDictionary<string, IReadOnlyList<MeshResource>>(_files, StringComparer.Ordinal) { [path] = read.Resources };
        var errors = Validate(Merge(_inline, files, _runtime).Resources).Where(static d => d.IsError).ToList();
        if (errors.Count > 0)
        {
            Reject(path, errors);
            return;
        }

        _files = files;
    }

    private static ReadResult ReadFile(string path)
    {
        try
        {
            return ResourceReader.ReadFile(path);
        }
        catch (IOException e)
        {
            return new ReadResult([], [Problem(path, $"cannot read the file: {e.Message}")]);
        }
    }

    private void Replay(RuntimeChange change)
    {
        if (change.Operation == RuntimeChange.ApplyOperation && change.Text is { } text)
        {
            var read = ResourceReader.Read(text, ConfigSources.Request);
            if (read.HasErrors)
            {
                LogDiagnostics(read.Diagnostics);
                return;
            }

            foreach (var resource in read.Resources)
            {
                _runtime[resource.Key] = resource;
            }
        }
        else if (change.Operation == RuntimeChange.DeleteOperation)
        {
            _runtime.Remove(new ResourceKey(change.Group ?? "", change.Kind ?? "", change.Namespace ?? "", change.Name ?? ""));
        }
    }

    private IReadOnlyList<ConfigDiagnostic> Validate(IReadOnlyList<MeshResource> resources) =>
        ConfigValidator.Validate(resources, Catalog());

    private ServiceCatalog Catalog() => DeclaredWorkloadOptions.Catalog(
        _options.Workloads,
        _services.GetRequiredService<WorkloadRegistry>().GetEntries().Select(e => e.Registration));

    private ConfigState Publish(ConfigState merged, IReadOnlyList<ConfigDiagnostic> warnings)
    {
        LogDiagnostics(warnings);
        var state = merged with { Version = Current.Version + 1 };
        _watch.Publish(state);
        foreach (var observer in _observers)
        {
            observer(state);
        }

        return state;
    }

    private static ConfigState Merge(
        IReadOnlyList<MeshResource> inline,
        SortedDictionary<string, IReadOnlyList<MeshResource>> files,
        Dictionary<ResourceKey, MeshResource> runtime)
    {
        var merged = new Dictionary<ResourceKey, MeshResource>();
        var sources = new Dictionary<ResourceKey, string>();
        void Add(MeshResource resource, string source)
        {
            merged[resource.Key] = resource;
            sources[resource.Key] = source;
        }

        foreach (var resource in inline)
        {
            Add(resource, ConfigSources.AppHost);
        }

        foreach (var (path, resources) in files)
        {
            foreach (var resource in resources)
            {
                Add(resource, path);
            }
        }

        foreach (var resource in runtime.Values)
        {
            Add(resource, ConfigSources.Request);
        }

        var ordered = merged.Values
            .OrderBy(static r => r.Kind, StringComparer.Ordinal)
            .ThenBy(static r => r.Metadata.Namespace, StringComparer.Ordinal)
            .ThenBy(static r => r.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        return new ConfigState(0, ordered, sources);
    }

    private ConfigChange Refused(IReadOnlyList<string> named, IReadOnlyList<ConfigDiagnostic> diagnostics)
    {
        Log.Refused(_logger, string.Join(", ", named), string.Join(Environment.NewLine, diagnostics.Where(static d => d.IsError)));
        return new ConfigChange(false, Current.Version, named, diagnostics);
    }

    private void Reject(string what, IReadOnlyList<ConfigDiagnostic> diagnostics)
    {
        var errors = string.Join(Environment.NewLine, diagnostics.Where(static d => d.IsError));
        Log.FileRefused(_logger, what, errors);
        _rejectedFileChanges.AddFirst($"{what}: {errors}");
        while (_rejectedFileChanges.Count > RejectionsKept)
        {
            _rejectedFileChanges.RemoveLast();
        }
    }

    private void LogDiagnostics(IReadOnlyList<ConfigDiagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.IsError)
            {
                Log.Error(_logger, diagnostic.ToString());
            }
            else
            {
                Log.Warning(_logger, diagnostic.ToString());
            }
        }
    }

    private static ConfigDiagnostic Problem(string source, string message) => new()
    {
        Severity = DiagnosticSeverity.Error,
        Code = DiagnosticCodes.Syntax,
        Message = message,
        Source = source,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Configuration {Version} in force: {Resources} from {Source}")]
        public static partial void Applied(ILogger logger, long version, string resources, string source);

        [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Configuration {Version} in force: deleted {Resource}")]
        public static partial void Deleted(ILogger logger, long version, string resource);

        [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Refused {Resources}; the previous configuration stays in force:\n{Errors}")]
        public static partial void Refused(ILogger logger, string resources, string errors);

        [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Refused the change to {File}; its last good version stays in force:\n{Errors}")]
        public static partial void FileRefused(ILogger logger, string file, string errors);

        [LoggerMessage(EventId = 304, Level = LogLevel.Error, Message = "{Diagnostic}")]
        public static partial void Error(ILogger logger, string diagnostic);

        [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "{Diagnostic}")]
        public static partial void Warning(ILogger logger, string diagnostic);
    }
}

/// <summary>The outcome of an apply, delete or analyze.</summary>
internal sealed record ConfigChange(bool Applied, long Version, IReadOnlyList<string> Resources, IReadOnlyList<ConfigDiagnostic> Diagnostics);

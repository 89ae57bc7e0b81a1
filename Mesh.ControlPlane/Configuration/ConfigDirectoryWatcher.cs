namespace Mesh.ControlPlane.Configuration;

/// <summary>
/// Watches the mesh's config folder and reports which files changed, after a short quiet period: editors
/// save in several steps (truncate, write, rename), and applying a half-written file would only produce a
/// confusing error. The report runs on a timer thread, where an exception would end the process: whatever the
/// change handler throws is logged, and the configuration in force stays.
/// </summary>
internal sealed partial class ConfigDirectoryWatcher : IDisposable
{
    internal static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(150);

    private readonly FileSystemWatcher _watcher;
    private readonly Action<IReadOnlyCollection<string>> _onChanged;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private readonly ILogger _logger;

    public ConfigDirectoryWatcher(string directory, TimeProvider timeProvider, Action<IReadOnlyCollection<string>> onChanged, ILogger logger)
    {
        _onChanged = onChanged;
        _logger = logger;
        _timer = timeProvider.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, e) => Mark(e.FullPath);
        _watcher.Created += (_, e) => Mark(e.FullPath);
        _watcher.Deleted += (_, e) => Mark(e.FullPath);
        _watcher.Renamed += (_, e) =>
        {
            Mark(e.OldFullPath);
            Mark(e.FullPath);
        };
        _watcher.EnableRaisingEvents = true;
    }

    private void Mark(string path)
    {
        if (!ConfigFiles.IsConfigFile(path))
        {
            return;
        }

        lock (_lock)
        {
            _pending.Add(path);
            _timer.Change(QuietPeriod, Timeout.InfiniteTimeSpan);
        }
    }

    private void Flush()
    {
        string[] changed;
        lock (_lock)
        {
            changed = [.. _pending];
            _pending.Clear();
        }

        if (changed.Length == 0)
        {
            return;
        }

        try
        {
            _onChanged(changed);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.ChangeFailed(_logger, string.Join(", ", changed), e);
        }
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _timer.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 310, Level = LogLevel.Error, Message = "Could not apply the config folder's change to {Files}; the configuration in force stays")]
        public static partial void ChangeFailed(ILogger logger, string files, Exception exception);
    }
}

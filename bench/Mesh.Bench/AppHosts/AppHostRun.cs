using System.Diagnostics;
using System.Globalization;
using Mesh.Bench.Measurement;
using Mesh.Bench.Topology;

namespace Mesh.Bench.AppHosts;

/// <summary>
/// An AppHost started as a user starts it, <c>dotnet run --project &lt;project&gt; -- &lt;arguments&gt;</c> (its default
/// launch profile, Debug, the incremental build check included), in a session of its own; stopped as a process manager
/// stops it, and checked to leave nothing running behind.
/// </summary>
internal sealed class AppHostRun : IDisposable
{
    private static readonly TimeSpan s_rootGrace = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_restGrace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(250);
    private readonly ProcessTree _tree;
    private readonly Lock _lock = new();

    private AppHostRun(ChildProcess root, long launchedAt)
    {
        Root = root;
        LaunchedAt = launchedAt;
        _tree = new ProcessTree(root.Id);
    }

    /// <summary><c>dotnet run</c>, with its output (the AppHost's console) for error messages.</summary>
    public ChildProcess Root { get; }

    /// <summary>The <see cref="Stopwatch"/> timestamp taken just before <c>dotnet run</c> was started.</summary>
    public long LaunchedAt { get; }

    /// <summary>Seconds since <see cref="LaunchedAt"/>.</summary>
    public double Elapsed => Stopwatch.GetElapsedTime(LaunchedAt).TotalSeconds;

    /// <summary>Starts <paramref name="project"/> (a path relative to the repository) with <paramref name="arguments"/> for the AppHost.</summary>
    public static AppHostRun Start(string project, IReadOnlyList<string> arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentNullException.ThrowIfNull(arguments);
        var launchedAt = Stopwatch.GetTimestamp();
        // setsid gives it a session and process group of its own, as a terminal gives a command: the stop signal then
        // reaches `dotnet run` and the AppHost, and nothing of the benchmark's.
        var root = ChildProcess.Start(Path.GetFileName(project), "setsid",
            [Programs.DotnetHost, "run", "--project", project, "--", .. arguments], [], RepositoryRoot.Find());
        return new AppHostRun(root, launchedAt);
    }

    /// <summary>Every process of the run seen so far (by <see cref="Scan"/>), exited ones included.</summary>
    public IReadOnlyList<ProcessEntry> Members
    {
        get
        {
            lock (_lock)
            {
                return [.. _tree.Members];
            }
        }
    }

    /// <summary>Reads the process table; returns the run's processes not seen before.</summary>
    public IReadOnlyList<ProcessEntry> Scan()
    {
        var table = ProcessTable.Read();
        lock (_lock)
        {
            return _tree.Update(table);
        }
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds; throws with the AppHost's last output when <c>dotnet run</c>
    /// exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task WaitUntilAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!await condition(cancellationToken))
        {
            if (Root.HasExited)
            {
                throw new InvalidOperationException($"`dotnet run` of {Root.Name} exited before {what}. Its last output:{Environment.NewLine}{Root.Tail()}");
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"{Root.Name}: no {what} within {timeout.TotalSeconds:0} s of `dotnet run`. Its last output:{Environment.NewLine}{Root.Tail()}"));
            }

            await Task.Delay(s_poll, cancellationToken);
        }
    }

    /// <summary>
    /// Stops the run with SIGTERM to its process group, what a process manager sends (a terminal's Ctrl+C sends SIGINT
    /// to the same group, but a background job of a non-interactive shell ignores SIGINT, so the benchmark cannot rely
    /// on it); waits for <c>dotnet run</c> to exit, then for every process the run started to end (DCP stops the
    /// resources once the AppHost has gone). Whatever is still running after that is killed and returned, so a leak
    /// shows in the results instead of slowing the next run.
    /// </summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        Scan();
        Signals.SendToGroup(Root.Id, Signals.Terminate);
        var leftovers = new List<string>();
        if (!await PollAsync(() => Root.HasExited, s_rootGrace))
        {
            leftovers.Add(string.Create(CultureInfo.InvariantCulture, $"dotnet run (pid {Root.Id}) still running {s_rootGrace.TotalSeconds:0} s after SIGTERM"));
        }

        IReadOnlyList<ProcessEntry> running = [];
        await PollAsync(() => (running = Running()).Count == 0, s_restGrace);
        foreach (var process in running.Where(p => p.Pid != Root.Id))
        {
            leftovers.Add(string.Create(CultureInfo.InvariantCulture,
                $"{ProcessNames.Short(process.CommandLine)} (pid {process.Pid}) still running {s_restGrace.TotalSeconds:0} s after dotnet run exited"));
        }

        KillRunning();
        return leftovers;
    }

    /// <summary>Kills whatever of the run is still running (after a failure; <see cref="StopAsync"/> is the orderly way).</summary>
    public void Dispose()
    {
        KillRunning();
        Root.Dispose();
    }

    private IReadOnlyList<ProcessEntry> Running()
    {
        var table = ProcessTable.Read();
        lock (_lock)
        {
            _tree.Update(table);
            return _tree.Running(table);
        }
    }

    private void KillRunning()
    {
        foreach (var process in Running())
        {
            Signals.Send(process.Pid, Signals.Kill);
        }
    }

    private static async Task<bool> PollAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(s_poll);
        }

        return true;
    }
}

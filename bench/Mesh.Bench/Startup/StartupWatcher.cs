using System.Globalization;
using Mesh.Bench.AppHosts;
using Mesh.Bench.EndToEnd;
using Mesh.Bench.Measurement;

namespace Mesh.Bench.Startup;

/// <summary>
/// Watches one run of an AppHost come up, from outside and without changing it: which processes it starts and when
/// (<c>/proc</c>: start times and environments), when each resource listens (<c>/proc/net/tcp</c>) and when it is
/// healthy (its own health endpoint, polled), and the product pages through the gateway (<see cref="PageProbe"/>).
/// </summary>
internal sealed class StartupWatcher(AppHostRun run, string appHostName, int pages)
{
    private static readonly TimeSpan s_scanEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_portsEvery = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_healthEvery = TimeSpan.FromMilliseconds(100);
    private readonly Dictionary<string, ResourceProgress> _resources = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private ProcessEntry? _root;

    // CPU seconds by resource at each scan (its time after `dotnet run`), for where the CPU went up to the complete page.
    private readonly List<(double At, Dictionary<string, double> Cpu)> _cpu = [];

    // Scans that look again at a process not named yet (5 s): see Unnamed.
    private const int UnnamedLooks = 20;

    // Processes of the run not named yet, and how many scans have looked at them again.
    private readonly Dictionary<ProcessEntry, int> _unnamed = [];

    /// <summary>Watches until <c>pages</c> product pages were served after start-up, or throws after <paramref name="timeout"/>.</summary>
    public async Task<StartupRun> WatchAsync(int repetition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        watching.CancelAfter(timeout);
        using var health = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var loops = new[]
        {
            RepeatAsync(Scan, s_scanEvery, watching.Token),
            RepeatAsync(CheckPorts, s_portsEvery, watching.Token),
            RepeatAsync(() => CheckHealthAsync(health), s_healthEvery, watching.Token),
        };

        PageProbe? probe = null;
        try
        {
            var gateway = await GatewayPortAsync(watching.Token);
            probe = new PageProbe(new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{gateway}{ProductPage.Path}")),
                pages, () => run.Elapsed, IsStartupOver);
            await probe.RunAsync(watching.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"{appHostName}: no complete product page and {pages} pages after start-up within {timeout.TotalSeconds:0} s. Not up: {NotUp()}. Last pages: {LastPages(probe)}. `dotnet run`'s last output:{Environment.NewLine}{run.Root.Tail()}"));
        }
        finally
        {
            await watching.CancelAsync();
            await Task.WhenAll(loops);
        }

        var flags = await ResponseFlags.ReadAsync(Proxies(), cancellationToken);
        return new StartupRun(repetition, probe.CompleteAt!.Value, StartupOverAt(), Timeline(), probe.Records, flags, [])
        {
            CpuAtCompletePage = CpuBefore(probe.CompleteAt!.Value),
        };
    }

    private void Scan()
    {
        var added = run.Scan();
        var cpu = RunCpu.ByName(run, appHostName);
        lock (_lock)
        {
            _cpu.Add((run.Elapsed, cpu));
        }

        _root ??= added.FirstOrDefault(p => p.Pid == run.Root.Id);
        foreach (var process in Unnamed(added))
        {
            if (_root is null || IsForkBeforeExec(process)
                || ResourceIdentity.Of(process, ProcessTable.Environment(process.Pid), run.Root.Id, appHostName) is not { } identity)
            {
                _unnamed.TryAdd(process, 0);
                continue;
            }

            _unnamed.Remove(process);

            var started = process.SecondsAfter(_root);
            lock (_lock)
            {
                if (!_resources.TryGetValue(identity.Name, out var progress))
                {
                    _resources[identity.Name] = progress = new ResourceProgress(identity, started);
                }

                progress.Add(identity, started);
            }
        }
    }

    // A process seen between its fork and its exec still has its parent's command line and environment (DCP's, which
    // would name it DCP): a program DCP starts directly, as Mesh.Hosting starts a meshed project, was caught so on a
    // busy first run. Such a process, and each one that could not be named, is looked at again, as it is now, in the
    // next scans (helpers that never become a resource stop being looked at after a while).
    private static bool IsForkBeforeExec(ProcessEntry process) =>
        ProcessTable.Read(process.ParentPid) is { } parent && parent.CommandLine == process.CommandLine;

    private List<ProcessEntry> Unnamed(IReadOnlyList<ProcessEntry> added)
    {
        var again = new List<ProcessEntry>(added);
        foreach (var (process, looks) in _unnamed.ToList())
        {
            _unnamed.Remove(process);
            if (looks < UnnamedLooks && ProcessTable.Read(process.Pid) is { Exited: false } now && now.StartTicks == process.StartTicks)
            {
                _unnamed[now] = looks + 1;
                again.Add(now);
            }
        }

        return again;
    }

    private void CheckPorts()
    {
        var listening = ListeningPorts.Read();
        var now = run.Elapsed;
        lock (_lock)
        {
            foreach (var progress in _resources.Values.Where(p => p.Listening is null && p.Identity.Ports.Count > 0))
            {
                if (progress.Identity.Ports.All(listening.Contains))
                {
                    progress.Listening = now;
                }
            }
        }
    }

    private async Task CheckHealthAsync(HttpClient http)
    {
        List<ResourceProgress> waiting;
        lock (_lock)
        {
            waiting = [.. _resources.Values.Where(p => p.Identity.Health is not null && p.Listening is not null && p.Healthy is null)];
        }

        await Task.WhenAll(waiting.Select(async progress =>
        {
            if (await IsHealthyAsync(http, progress.Identity.Health!))
            {
                var now = run.Elapsed;
                lock (_lock)
                {
                    progress.Healthy ??= now;
                }
            }
        }));
    }

    private static async Task<bool> IsHealthyAsync(HttpClient http, Uri health)
    {
        try
        {
            using var response = await http.GetAsync(health);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private async Task<int> GatewayPortAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_resources.Values.FirstOrDefault(p => p.Identity.GatewayPort is not null && p.Listening is not null) is { } gateway)
                {
                    return gateway.Identity.GatewayPort!.Value;
                }
            }

            await Task.Delay(s_portsEvery, cancellationToken);
        }
    }

    /// <summary>
    /// Start-up is over once every resource seen is up, and every sidecar's app has been seen: DCP starts a meshed app
    /// only once its sidecar is ready, so for a moment every resource seen is up while the apps are still to come.
    /// </summary>
    private bool IsStartupOver()
    {
        lock (_lock)
        {
            return _resources.Count > 0
                && _resources.Values.All(p => p.IsUp)
                && _resources.Values.All(p => p.Identity.Workload is not { } app || _resources.ContainsKey(app));
        }
    }

    private double? StartupOverAt()
    {
        lock (_lock)
        {
            return _resources.Values.Where(p => p.Identity.Health is not null).Max(p => p.Healthy);
        }
    }

    /// <summary>The last CPU reading taken before <paramref name="at"/> (up to one scan early).</summary>
    private Dictionary<string, double> CpuBefore(double at)
    {
        lock (_lock)
        {
            return _cpu.LastOrDefault(c => c.At <= at).Cpu ?? new Dictionary<string, double>();
        }
    }

    private List<ResourceTimeline> Timeline()
    {
        lock (_lock)
        {
            return [.. _resources.Values.Select(p => p.ToTimeline()).OrderBy(t => t.Launched)];
        }
    }

    private List<(string, Uri)> Proxies()
    {
        lock (_lock)
        {
            return [.. _resources.Values
                .Where(p => p.Identity.Kind is ResourceKind.Sidecar or ResourceKind.Gateway && p.Identity.Health is not null)
                .Select(p => (p.Identity.Name, new Uri(p.Identity.Health!, "/stats")))];
        }
    }

    private string NotUp()
    {
        lock (_lock)
        {
            var down = _resources.Values.Where(p => !p.IsUp).Select(p => p.Identity.Name)
                .Concat(_resources.Values.Select(p => p.Identity.Workload).OfType<string>().Where(app => !_resources.ContainsKey(app)).Select(app => app + " (never seen)"))
                .ToList();
            return down.Count == 0 ? $"none of the {_resources.Count} resources seen" : string.Join(", ", down);
        }
    }

    private static string LastPages(PageProbe? probe) => probe is null || probe.Records.Count == 0
        ? "none answered (the gateway never listened)"
        : string.Join("; ", probe.Records.TakeLast(3).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Status} {r.Note} ({r.LatencyMs:0} ms)")));

    private static async Task RepeatAsync(Func<Task> action, TimeSpan every, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await action();
                await Task.Delay(every, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Watching is over.
        }
    }

    private static Task RepeatAsync(Action action, TimeSpan every, CancellationToken cancellationToken) =>
        RepeatAsync(() =>
        {
            action();
            return Task.CompletedTask;
        }, every, cancellationToken);
}

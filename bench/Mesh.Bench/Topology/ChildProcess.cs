using System.Diagnostics;
using Mesh.Model.Conventions;

namespace Mesh.Bench.Topology;

/// <summary>
/// A process the benchmark started: its output is drained (a full pipe would stall it), the first and the last lines
/// kept (start-up messages, and the latest for error messages); disposing kills it with its children.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int KeptLines = 100;
    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly List<string> _head = [];
    private readonly TaskCompletionSource<string> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>A short name for tables and messages, e.g. <c>client-sidecar</c>.</summary>
    public string Name { get; }

    /// <summary>The process id (for <c>/proc</c>).</summary>
    public int Id => _process.Id;

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The first line it wrote to standard output.</summary>
    public Task<string> FirstLine => _firstLine.Task;

    /// <summary>
    /// Starts <paramref name="fileName"/>. The environment is this process's, less the variables that would
    /// configure the child behind the benchmark's back, plus <paramref name="environment"/>.
    /// </summary>
    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments,
        IEnumerable<KeyValuePair<string, string>> environment, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var key in info.Environment.Keys.ToList())
        {
            if (IsInherited(key))
            {
                continue;
            }

            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data, stdout: true);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data, stdout: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The last lines of its output, for an error message.</summary>
    public string Tail()
    {
        lock (_lines)
        {
            return string.Join(Environment.NewLine, _lines);
        }
    }

    /// <summary>
    /// The first lines of its output, where a program says how it started: a busy process's warnings soon push them
    /// out of <see cref="Tail"/>.
    /// </summary>
    public string Head()
    {
        lock (_lines)
        {
            return string.Join(Environment.NewLine, _head);
        }
    }

    /// <summary>Waits for it to exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Throws with its output when it has exited.</summary>
    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}. Its last output:{Environment.NewLine}{Tail()}");
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        _process.Dispose();
    }

    // Settings that would change the child's behaviour are dropped (ASP.NET Core URLs and environment, the
    // mesh's own keys, OpenTelemetry endpoints, logging levels); DOTNET_* runtime knobs are inherited, so
    // "DOTNET_TieredPGO=0 bench/run.sh" reaches every .NET process on purpose.
    private static bool IsInherited(string key) =>
        !key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        && !key.StartsWith(MeshSettings.Prefix, StringComparison.OrdinalIgnoreCase)
        && !key.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)
        && !key.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase)
        && !key.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase)
        && !key.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase);

    private void Keep(string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }

        if (stdout)
        {
            _firstLine.TrySetResult(line);
        }

        lock (_lines)
        {
            if (_head.Count < KeptLines)
            {
                _head.Add(line);
            }

            _lines.Enqueue(line);
            if (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }
        }
    }
}

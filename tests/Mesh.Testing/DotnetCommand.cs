using System.Diagnostics;
using System.Text;

namespace Mesh.Testing;

/// <summary>Runs the .NET SDK's <c>dotnet</c> as a user would, keeping its output for the failure message.</summary>
public sealed class DotnetCommand : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DotnetCommand(string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A test runner's own settings (its runtime, MSBuild's node) must not leak into the user's commands.
        foreach (var name in (string[])["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH"])
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything it printed so far, standard output and error interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet</c> with <paramref name="arguments"/>; disposing stops it and every process it started.</summary>
    public static DotnetCommand Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        new(workingDirectory, environment, arguments);

    /// <summary>Runs to completion and returns its output; throws with the output when it fails or times out.</summary>
    public static async Task<string> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        using var command = Start(workingDirectory, environment, arguments);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await command._process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} took more than {timeout}:\n{command.Output}");
        }

        command._process.WaitForExit();
        if (command._process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited with {command._process.ExitCode}:\n{command.Output}");
        }

        return command.Output;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // The AppHost, DCP and every process DCP started (apps, sidecars, control plane) go with it.
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}

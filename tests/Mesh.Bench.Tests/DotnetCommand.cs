using System.Diagnostics;

namespace Mesh.Bench.Tests;

/// <summary>Runs a program (the SDK's <c>dotnet</c>, for MSBuild) with a given PATH and collects its output.</summary>
internal static class DotnetCommand
{
    /// <summary>
    /// The test collection of the tests that publish the mesh's programs in the repository: one at a time, or one's
    /// publish would rewrite the files and stamps another is checking.
    /// </summary>
    public const string MeshProgramsBuild = "mesh programs build";

    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments, string? path = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (path is not null)
        {
            start.Environment["PATH"] = path;
        }

        start.Environment.Remove("MeshProgramsBuild");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

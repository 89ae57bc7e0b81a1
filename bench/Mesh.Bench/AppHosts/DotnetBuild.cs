using Mesh.Bench.Topology;

namespace Mesh.Bench.AppHosts;

/// <summary>Builds a project as <c>dotnet run</c> would (Debug), so a timed run starts on a built tree.</summary>
internal static class DotnetBuild
{
    public static async Task RunAsync(string project, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        log.WriteLine($"Building {project} (Debug, as `dotnet run` does)");
        using var build = ChildProcess.Start("dotnet build", Programs.DotnetHost,
            ["build", project, "-nologo", "-v", "q", "-clp:ErrorsOnly"], [], RepositoryRoot.Find());
        var exitCode = await build.WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"`dotnet build {project}` failed (exit code {exitCode}):{Environment.NewLine}{build.Tail()}");
        }
    }
}

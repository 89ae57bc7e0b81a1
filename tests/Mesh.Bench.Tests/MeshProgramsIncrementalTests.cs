using Mesh.Testing;

namespace Mesh.Bench.Tests;

/// <summary>
/// eng/MeshPrograms.targets publishes the mesh's programs only when something they are built from is newer than the
/// last publish of that build: a built tree's `dotnet run` skips the inner publishes.
/// </summary>
[Collection(MeshProgramsBuildGroup.Name)]
public sealed class MeshProgramsIncrementalTests
{
    private const string Target = "_PublishMeshProgramsWhenChanged";

    [Fact]
    public async Task PublishMeshPrograms_SkippedWhileUpToDate_RunAgainOnceAnInputIsNewer()
    {
        var root = Repository.Root();
        var runtime = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var stamp = Path.Combine(root, "Mesh.Sidecar", "obj", $"mesh-programs-ReadyToRun-{runtime}.stamp");

        // The first run publishes, or finds the publish up to date.
        await PublishAsync(root);
        var upToDate = await PublishAsync(root);
        Assert.Contains($"Skipping target \"{Target}\" because all output files are up-to-date", upToDate, StringComparison.Ordinal);

        // An input newer than the stamp, as after an edit of the sidecar's code.
        var input = Path.Combine(root, "Mesh.Sidecar", "Program.cs");
        File.SetLastWriteTimeUtc(stamp, File.GetLastWriteTimeUtc(input) - TimeSpan.FromMinutes(1));
        var changed = await PublishAsync(root);

        Assert.DoesNotContain($"Skipping target \"{Target}\"", changed, StringComparison.Ordinal);
        Assert.True(File.GetLastWriteTimeUtc(stamp) > File.GetLastWriteTimeUtc(input), "the stamp was not renewed");
    }

    private static Task<string> PublishAsync(string root) =>
        DotnetCommand.RunAsync(root, new Dictionary<string, string>(), TimeSpan.FromMinutes(10),
            "msbuild", Path.Combine(root, "Mesh.Hosting", "Mesh.Hosting.csproj"), "-t:PublishMeshPrograms", "-p:MeshProgramsBuild=ReadyToRun", "-nologo", "-v:n");
}

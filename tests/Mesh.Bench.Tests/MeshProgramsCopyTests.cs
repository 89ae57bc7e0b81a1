using Mesh.Model.Conventions;
using Mesh.Testing;

namespace Mesh.Bench.Tests;

/// <summary>
/// eng/MeshPrograms.targets copies the published programs beside the project that builds them (Mesh.Hosting, then every
/// AppHost and test project through it). After a switch back to a build of the programs published before the other one
/// (a build with MeshProgramsBuild=ReadyToRun, then one as before), the files beside the project are the other build's,
/// and newer than this build's.
/// </summary>
[Collection(MeshProgramsBuildGroup.Name)]
public sealed class MeshProgramsCopyTests
{
    [Fact]
    public async Task ABuild_ReplacesTheOtherBuildsProgramAndMarker_EvenWhenTheyAreNewer()
    {
        var root = Repository.Root();
        await BuildMeshHostingAsync(root);
        var copied = Path.Combine(root, "Mesh.Hosting", "bin", "Debug", "net10.0", "mesh", "sidecar");
        var build = Enum.Parse<MeshProgramBuild>((await File.ReadAllTextAsync(Path.Combine(copied, MeshProgram.BuildFileName))).Trim());
        var published = MeshProgramFolders.Published(root, "Mesh.Sidecar", build);
        string[] files = ["Mesh.Sidecar", MeshProgram.BuildFileName];
        AssertSame(published, copied, files);

        // What the other build leaves there: a program of the same name and its marker, both newer than this build's.
        var other = build == MeshProgramBuild.NativeAot ? MeshProgramBuild.ReadyToRun : MeshProgramBuild.NativeAot;
        await File.WriteAllTextAsync(Path.Combine(copied, "Mesh.Sidecar"), "#!/bin/sh\necho the other build's launcher\n");
        await File.WriteAllTextAsync(Path.Combine(copied, MeshProgram.BuildFileName), other + "\n");
        foreach (var file in files)
        {
            File.SetLastWriteTimeUtc(Path.Combine(copied, file), DateTime.UtcNow + TimeSpan.FromHours(1));
        }

        await BuildMeshHostingAsync(root);

        AssertSame(published, copied, files);
    }

    private static void AssertSame(string published, string copied, string[] files)
    {
        foreach (var file in files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(published, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(copied, file))),
                $"{file} beside Mesh.Hosting is not the published one ({published})");
        }
    }

    private static Task<string> BuildMeshHostingAsync(string root) =>
        DotnetCommand.RunAsync(root, new Dictionary<string, string>(), TimeSpan.FromMinutes(10),
            "msbuild", Path.Combine(root, "Mesh.Hosting", "Mesh.Hosting.csproj"), "-t:Build", "-p:Configuration=Debug", "-nologo", "-v:m");
}

using Mesh.Bench.Topology;
using Mesh.Model.Conventions;
using Mesh.Testing;

namespace Mesh.Bench.Tests;

/// <summary>
/// A machine with only the .NET SDK (no clang, no zlib headers) gets the ReadyToRun build of the mesh's programs
/// (eng/MeshPrograms.targets), and those programs carry traffic: the fallback of "optimized by default".
/// </summary>
[Collection(MeshProgramsBuildGroup.Name)]
public sealed class ReadyToRunFallbackTests
{
    [Fact]
    public async Task WithoutTheAotToolchain_TheBuildFallsBackToReadyToRun_AndThoseProgramsCarryTraffic()
    {
        var root = Repository.Root();
        var dotnet = MeshProgram.DotnetHost();
        // PATH holds the dotnet host's folder and a shell (MSBuild's Exec needs one), no clang: as on a fresh machine
        // with only the SDK. The choice is Auto (the default) whatever the caller's environment says (.ci/run
        // requires NativeAot for its own build).
        var shell = Directory.CreateTempSubdirectory("mesh-no-clang-");
        try
        {
            File.CreateSymbolicLink(Path.Combine(shell.FullName, "sh"), "/bin/sh");
            var output = await DotnetCommand.RunAsync(root,
                new Dictionary<string, string> { ["PATH"] = $"{shell.FullName}:{Path.GetDirectoryName(dotnet)}", ["MeshProgramsBuild"] = "" },
                TimeSpan.FromMinutes(10), "msbuild", Path.Combine(root, "Mesh.Hosting", "Mesh.Hosting.csproj"), "-t:PublishMeshPrograms", "-p:MeshProgramsBuild=Auto", "-nologo", "-v:m");
            Assert.Contains("Mesh programs: ReadyToRun", output, StringComparison.Ordinal);
        }
        finally
        {
            shell.Delete(recursive: true);
        }

        var sidecar = Published(root, "Mesh.Sidecar");
        var controlPlane = Published(root, "Mesh.ControlPlane");
        Assert.Equal(MeshProgramBuild.ReadyToRun, sidecar.Build);
        Assert.Equal(MeshProgramBuild.ReadyToRun, controlPlane.Build);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var options = new TopologyOptions(Nginx: null, new Dictionary<string, string>(StringComparer.Ordinal),
            Measured: [BenchPath.Direct, BenchPath.Sidecar, BenchPath.Mesh], Sidecar: sidecar, ControlPlane: controlPlane);
        using var topology = await BenchTopology.StartAsync(options, TextWriter.Null, timeout.Token);
        var mesh = topology.Paths.Single(p => p.Name == BenchPath.Mesh);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        for (var i = 0; i < 100; i++)
        {
            using var response = await http.GetAsync(mesh.Target, timeout.Token);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        Assert.All(mesh.Proxies, p => Assert.Contains("Mesh sidecar started: ReadyToRun (Release) build", p.Head(), StringComparison.Ordinal));
        Assert.Contains("Mesh control plane started: ReadyToRun (Release) build", topology.ControlPlane.Head(), StringComparison.Ordinal);
    }

    private static MeshProgram Published(string root, string name)
    {
        var directory = MeshProgramFolders.Published(root, name, MeshProgramBuild.ReadyToRun);
        return MeshProgram.Find(directory, name) ?? throw new FileNotFoundException($"{name} was not published in {directory}");
    }
}

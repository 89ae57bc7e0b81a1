using System.Net;
using System.Net.Sockets;
using Mesh.Model.Conventions;

namespace Mesh.Bench.Topology;

/// <summary>Where the programs under test are (copied beside the benchmark when it builds) and how to start them.</summary>
internal static class Programs
{
    /// <summary>The folder holding <c>sidecar/</c>, <c>controlplane/</c> and <c>backend/</c>.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "programs");

    /// <summary>The sidecar as Mesh.Hosting ships it (Native AOT or ReadyToRun: eng/MeshPrograms.targets).</summary>
    public static MeshProgram Sidecar => Find(Path.Combine(Directory, "sidecar"), "Mesh.Sidecar");

    /// <summary>The control plane as Mesh.Hosting ships it.</summary>
    public static MeshProgram ControlPlane => Find(Path.Combine(Directory, "controlplane"), "Mesh.ControlPlane");

    public static string Backend => Require(Path.Combine(Directory, "backend", "Mesh.Bench.Backend.dll"));

    /// <summary>The <c>dotnet</c> host of the runtime running the benchmark, for the backend.</summary>
    public static string DotnetHost { get; } = MeshProgram.DotnetHost();

    /// <summary>A sidecar build in <paramref name="directory"/> (a variant's: published, or a project's own bin/).</summary>
    public static MeshProgram Find(string directory, string name) => MeshProgram.Find(directory, name)
        ?? throw new FileNotFoundException($"'{name}' is missing in '{directory}': build bench/Mesh.Bench (bench/run.sh does), which copies the programs under test beside it.");

    /// <summary>A loopback port that is free now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Require(string path) => File.Exists(path)
        ? path
        : throw new FileNotFoundException($"'{path}' is missing: build bench/Mesh.Bench (bench/run.sh does), which copies the programs under test beside it.", path);
}

using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Mesh.Bench.Topology;

/// <summary>Where the programs under test are (copied beside the benchmark when it builds) and how to start them.</summary>
internal static class Programs
{
    /// <summary>The folder holding <c>sidecar/</c>, <c>controlplane/</c> and <c>backend/</c>.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "programs");

    public static string Sidecar => Require(Path.Combine(Directory, "sidecar", "Mesh.Sidecar.dll"));

    public static string ControlPlane => Require(Path.Combine(Directory, "controlplane", "Mesh.ControlPlane.dll"));

    public static string Backend => Require(Path.Combine(Directory, "backend", "Mesh.Bench.Backend.dll"));

    /// <summary>
    /// The <c>dotnet</c> host of the runtime running the benchmark, as Mesh.Hosting starts the sidecars: the
    /// programs run on the same runtime whether or not <c>dotnet</c> is on PATH.
    /// </summary>
    public static string DotnetHost { get; } = FindDotnetHost();

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

    private static string FindDotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        if (File.Exists(candidate))
        {
            return candidate;
        }

        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk) ? fromSdk : "dotnet";
    }
}

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

    // Ports handed out in this run: a program is given its ports before it binds them, so the kernel would call them free again.
    private static readonly HashSet<int> s_handedOut = [];
    private static readonly Lock s_handOut = new();

    /// <summary>
    /// A loopback port that is free now and was not handed out before in this run, below the kernel's ephemeral range
    /// when there is room: outgoing connections take their local ports from that range, so none can take this one
    /// between now and the moment the program it is for binds it. (Port 0's choice did both: a run died once with an
    /// outbound listener given the admin port's number, once with a port an outgoing connection had taken.)
    /// </summary>
    public static int FreePort() => FreePort(Candidate);

    /// <summary>The first of <paramref name="candidates"/>' ports that is free and was not handed out before.</summary>
    internal static int FreePort(Func<int> candidates)
    {
        lock (s_handOut)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = candidates();
                if (s_handedOut.Contains(port) || !IsFree(port))
                {
                    continue;
                }

                s_handedOut.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException("No free loopback port was found in 1000 tries.");
    }

    private static int Candidate() => EphemeralPorts.Low > EphemeralPorts.FirstBelow + 1000
        ? Random.Shared.Next(EphemeralPorts.FirstBelow, EphemeralPorts.Low)
        : AnyFreePort();

    private static int AnyFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Require(string path) => File.Exists(path)
        ? path
        : throw new FileNotFoundException($"'{path}' is missing: build bench/Mesh.Bench (bench/run.sh does), which copies the programs under test beside it.", path);
}

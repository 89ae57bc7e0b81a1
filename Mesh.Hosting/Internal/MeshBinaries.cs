using System.Runtime.InteropServices;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal;

/// <summary>
/// Finds the sidecar and control-plane programs that ship inside Mesh.Hosting (copied beside the
/// AppHost's assemblies under <c>mesh/</c>), so a user's AppHost needs no reference to their projects.
/// </summary>
internal static class MeshBinaries
{
    internal const string SidecarFolder = "sidecar";
    internal const string SidecarAssembly = "Mesh.Sidecar.dll";
    internal const string ControlPlaneFolder = "controlplane";
    internal const string ControlPlaneAssembly = "Mesh.ControlPlane.dll";

    internal static MeshBinary Sidecar() => Resolve(SidecarFolder, SidecarAssembly);

    internal static MeshBinary ControlPlane() => Resolve(ControlPlaneFolder, ControlPlaneAssembly);

    private static MeshBinary Resolve(string folder, string assembly)
    {
        var baseDirectory = Path.GetDirectoryName(typeof(MeshBinaries).Assembly.Location) ?? AppContext.BaseDirectory;
        var directory = Path.Combine(baseDirectory, "mesh", folder);
        var path = Path.Combine(directory, assembly);
        if (!File.Exists(path))
        {
            throw new DistributedApplicationException(
                $"The mesh's {folder} program is missing: expected '{path}'. Mesh.Hosting copies it beside the AppHost when the AppHost builds; rebuild the AppHost, or run with Mesh:Enabled=false to start the apps without the mesh.");
        }

        return new MeshBinary(DotnetHost(), path, directory);
    }

    /// <summary>
    /// The <c>dotnet</c> host that runs this AppHost's runtime: the sidecars then run on the same runtime,
    /// whether or not <c>dotnet</c> is on PATH.
    /// </summary>
    private static string DotnetHost()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, executable);
        if (File.Exists(candidate))
        {
            return candidate;
        }

        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk) ? fromSdk : executable;
    }
}

/// <summary>How to start one of the mesh's programs.</summary>
internal sealed record MeshBinary(string Command, string AssemblyPath, string WorkingDirectory);

using Mesh.Model.Conventions;

namespace Mesh.Bench.Tests;

/// <summary>Where eng/MeshPrograms.targets publishes a program of the repository for this machine's runtime.</summary>
internal static class MeshProgramFolders
{
    /// <summary>The publish folder of program <paramref name="name"/> (e.g. <c>Mesh.Sidecar</c>) built as <paramref name="build"/>.</summary>
    public static string Published(string root, string name, MeshProgramBuild build) =>
        Path.Combine(root, name, "bin", "mesh-program", build.ToString(), System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier);
}

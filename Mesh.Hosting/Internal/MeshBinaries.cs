using Aspire.Hosting.ApplicationModel;
using Mesh.Model.Conventions;

namespace Aspire.Hosting.Internal;

/// <summary>
/// Finds the sidecar and control-plane programs that ship inside Mesh.Hosting (published optimized and copied
/// beside the AppHost's assemblies under <c>mesh/</c>), so a user's AppHost needs no reference to their projects.
/// </summary>
internal static class MeshBinaries
{
    internal const string SidecarFolder = "sidecar";
    internal const string SidecarName = "Mesh.Sidecar";
    internal const string ControlPlaneFolder = "controlplane";
    internal const string ControlPlaneName = "Mesh.ControlPlane";

    /// <summary>The dashboard property that says how a mesh program was built (Native AOT or ReadyToRun).</summary>
    internal const string BuildProperty = "mesh.build";

    internal static MeshProgram Sidecar() => Resolve(SidecarFolder, SidecarName);

    internal static MeshProgram ControlPlane() => Resolve(ControlPlaneFolder, ControlPlaneName);

    private static MeshProgram Resolve(string folder, string name)
    {
        var baseDirectory = Path.GetDirectoryName(typeof(MeshBinaries).Assembly.Location) ?? AppContext.BaseDirectory;
        var directory = Path.Combine(baseDirectory, "mesh", folder);
        return MeshProgram.Find(directory, name) ?? throw new DistributedApplicationException(
            $"The mesh's {folder} program is missing: expected '{name}' in '{directory}'. Mesh.Hosting copies it beside the AppHost when the AppHost builds; rebuild the AppHost, or run with Mesh:Enabled=false to start the apps without the mesh.");
    }
}

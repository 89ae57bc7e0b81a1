namespace Mesh.Testing;

/// <summary>The repository the tests run from.</summary>
public static class Repository
{
    /// <summary>The folder holding MeshHost.sln, found upward from the test's output folder.</summary>
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MeshHost.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("MeshHost.sln not found above " + AppContext.BaseDirectory);
    }
}

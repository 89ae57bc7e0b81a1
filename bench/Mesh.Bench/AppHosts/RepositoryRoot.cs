namespace Mesh.Bench.AppHosts;

/// <summary>The repository the benchmark was built from: the AppHosts it starts are there.</summary>
internal static class RepositoryRoot
{
    private const string Marker = "MeshHost.sln";

    /// <summary>The nearest folder above the benchmark's own that holds <c>MeshHost.sln</c>.</summary>
    public static string Find() => Find(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException($"No {Marker} above '{AppContext.BaseDirectory}': run the benchmark from its build in the repository (bench/run.sh does).");

    internal static string? Find(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, Marker)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}

using Mesh.Bench.AppHosts;

namespace Mesh.Bench.Tests.AppHosts;

public sealed class RepositoryRootTests
{
    [Fact]
    public void Find_FromTheTestsBuild_IsTheFolderWithTheSolutionAndTheAppHosts()
    {
        var root = RepositoryRoot.Find();

        Assert.True(File.Exists(Path.Combine(root, "MeshHost.sln")));
        Assert.True(Directory.Exists(Path.Combine(root, "bench", "E2E", "E2E.AppHost")));
    }

    [Fact]
    public void Find_OutsideAnyRepository_IsNull() => Assert.Null(RepositoryRoot.Find(Path.GetPathRoot(Path.GetTempPath())!));
}

using Mesh.Bench.Topology;

namespace Mesh.Bench.Tests;

public sealed class BenchSettingsTests
{
    [Fact]
    public void Paths_Default_IncludeMtls() => Assert.Contains(BenchPath.Mtls, new BenchSettings().Paths);

    [Fact]
    public void Parse_PathsMeshAndMtls_SelectsBoth() =>
        Assert.Equal([BenchPath.Mesh, BenchPath.Mtls], BenchSettings.Parse(["--paths", "mesh,mtls"]).Paths);

    [Fact]
    public void Parse_UnknownPath_Throws() =>
        Assert.Throws<ArgumentException>(() => BenchSettings.Parse(["--paths", "mesh,tls"]));
}

namespace Mesh.Bench.Tests;

/// <summary>
/// The tests that publish the mesh's programs in the repository run one at a time: one's publish would rewrite the
/// files and stamps another is checking.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MeshProgramsBuildGroup
{
    public const string Name = "mesh programs build";
}

using Mesh.Model.Tests.TestData;

namespace Mesh.Model.Tests.Parsing;

public sealed class ValidCorpusTests
{
    public static TheoryData<string> ValidFiles => TestFiles.Names("valid");

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Read_ValidFile_HasNoDiagnostics(string name)
    {
        var result = TestFiles.Read("valid", name);

        TestFiles.AssertNone(result.Diagnostics);
        Assert.NotEmpty(result.Resources);
        Assert.All(result.Resources, static r => Assert.NotNull(r.Origin));
    }
}

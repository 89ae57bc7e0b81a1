using Mesh.Model.Tests.TestData;
using Mesh.Model.Validation;

namespace Mesh.Model.Tests.Validation;

/// <summary>
/// Each file under TestData/invalid is read and, if it reads, validated against Bookinfo. Every line of the
/// <c>.expected</c> file beside it must appear in one diagnostic's text (source, document, resource, path,
/// line and column, severity, reason).
/// </summary>
public sealed class InvalidCorpusTests
{
    public static TheoryData<string> InvalidFiles => TestFiles.Names("invalid");

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void ReadAndValidate_InvalidFile_ReportsExpectedDiagnostics(string name)
    {
        var read = TestFiles.Read("invalid", name);
        var diagnostics = read.Diagnostics.Concat(ConfigValidator.Validate(read.Resources, Bookinfo.Catalog)).Select(static d => d.ToString()).ToList();
        var expected = File.ReadAllLines(TestFiles.PathOf("invalid", Path.ChangeExtension(name, ".expected")))
            .Where(static l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();

        Assert.NotEmpty(expected);
        foreach (var fragment in expected)
        {
            Assert.True(diagnostics.Any(d => d.Contains(fragment, StringComparison.Ordinal)),
                $"No diagnostic contains \"{fragment}\". Diagnostics:{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics)}");
        }
    }
}

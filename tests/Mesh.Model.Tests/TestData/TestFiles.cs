using Mesh.Model.Parsing;
using Mesh.Model.Resources;
using Mesh.Model.Validation;

namespace Mesh.Model.Tests.TestData;

/// <summary>Finds and reads the test corpus copied beside the test assembly.</summary>
internal static class TestFiles
{
    public static string Directory(string corpus) => Path.Combine(AppContext.BaseDirectory, "TestData", corpus);

    public static string PathOf(string corpus, string name) => Path.Combine(Directory(corpus), name);

    /// <summary>Reads a corpus file; diagnostics name it by its file name.</summary>
    public static ReadResult Read(string corpus, string name) => ResourceReader.Read(File.ReadAllText(PathOf(corpus, name)), name);

    /// <summary>The resources of a valid file, failing the test on any diagnostic.</summary>
    public static IReadOnlyList<ConfigResource> Resources(string name)
    {
        var result = Read("valid", name);
        AssertNone(result.Diagnostics);
        return result.Resources;
    }

    public static TheoryData<string> Names(string corpus)
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory(corpus))
            .Where(static f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    public static void AssertNone(IEnumerable<ConfigDiagnostic> diagnostics)
    {
        var list = diagnostics.ToList();
        Assert.True(list.Count == 0, "Unexpected diagnostics:" + Environment.NewLine + string.Join(Environment.NewLine, list));
    }
}

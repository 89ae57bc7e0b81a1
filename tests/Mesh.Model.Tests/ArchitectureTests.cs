using Mesh.Testing.Architecture;
using Xunit.Abstractions;

namespace Mesh.Model.Tests;

/// <summary>
/// Mesh.Model's folders form layers, and the contract the programs exchange (snapshots, protocol, registry records,
/// conventions) never depends on the reader, the validator or the compiler, which are internal to the control plane.
/// </summary>
public sealed class ArchitectureTests(ITestOutputHelper output)
{
    private const string Subject = "Mesh.Model";
    private static readonly NamespaceGraph s_graph = NamespaceGraph.ReadFromOutput(Subject);

    [Fact]
    public void Folders_DependOnEachOther_WithoutCycles()
    {
        output.WriteLine(s_graph.ToString());

        Assert.True(s_graph.FindCycles().Count == 0, s_graph.DescribeCycles());
    }

    [Theory]
    [InlineData("Snapshots")]
    [InlineData("Protocol")]
    [InlineData("Registry")]
    [InlineData("Conventions")]
    [InlineData("Resources")]
    public void Contract_DoesNotDependOn_TheCompilerOrReader(string folder)
    {
        Assert.False(s_graph.DependsOn(folder, "Compilation"), $"{folder} uses Compilation");
        Assert.False(s_graph.DependsOn(folder, "Parsing"), $"{folder} uses Parsing");
    }
}

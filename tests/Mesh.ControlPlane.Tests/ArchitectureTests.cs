using System.Reflection;
using Mesh.Testing.Architecture;
using Xunit.Abstractions;

namespace Mesh.ControlPlane.Tests;

/// <summary>
/// Mesh.ControlPlane's top-level folders (namespaces) form layers: no folder reaches back to a folder that uses it. Each run
/// prints the folder graph, so it can be quoted (ARCHITECTURE.md, "Folder dependencies", says how).
/// </summary>
public sealed class ArchitectureTests(ITestOutputHelper output)
{
    private const string Subject = "Mesh.ControlPlane";
    private static readonly NamespaceGraph s_graph = NamespaceGraph.ReadFromOutput(Subject);

    [Fact]
    public void Folders_DependOnEachOther_WithoutCycles()
    {
        output.WriteLine(s_graph.ToString());

        Assert.True(s_graph.FindCycles().Count == 0, s_graph.DescribeCycles());
    }

    [Fact]
    public void Graph_ReadFromIl_HasTheFoldersReflectionSees() =>
        Assert.Equal(NamespaceGraph.FoldersByReflection(Assembly.Load(Subject), Subject), s_graph.Folders.Order(StringComparer.Ordinal));
}

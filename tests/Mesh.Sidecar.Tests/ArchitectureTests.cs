using System.Reflection;
using Mesh.Testing.Architecture;
using Xunit.Abstractions;

namespace Mesh.Sidecar.Tests;

/// <summary>
/// Mesh.Sidecar's top-level folders (namespaces) form layers: no folder reaches back to a folder that uses it. Each run
/// prints the folder graph, so it can be quoted (ARCHITECTURE.md, "Folder dependencies", says how).
/// </summary>
public sealed class ArchitectureTests(ITestOutputHelper output)
{
    private const string Subject = "Mesh.Sidecar";
    private static readonly NamespaceGraph s_graph = NamespaceGraph.ReadFromOutput(Subject);

    [Fact]
    public void Folders_DependOnEachOther_WithoutCycles()
    {
        output.WriteLine(s_graph.ToString());

        var cycles = s_graph.FindCycles();

        Assert.True(cycles.Count == 0, $"Folder dependency cycles in {Subject}:{Environment.NewLine}{string.Join(Environment.NewLine, cycles)}");
    }

    [Fact]
    public void Graph_ReadFromIl_HasTheFoldersReflectionSees()
    {
        var declared = Assembly.Load(Subject).GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(ns => ns == Subject || ns.StartsWith(Subject + ".", StringComparison.Ordinal))
            .Select(ns => ns == Subject ? NamespaceGraph.RootFolder : ns[(Subject.Length + 1)..].Split('.')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

        Assert.Equal(declared, s_graph.Folders.Order(StringComparer.Ordinal));
    }
}

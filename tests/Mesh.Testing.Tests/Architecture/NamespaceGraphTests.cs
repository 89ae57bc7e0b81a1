using Mesh.Testing.Architecture;

namespace Mesh.Testing.Tests.Architecture;

/// <summary>The checker on sample folders built for it (Samples/, Layered/), compiled into this test assembly.</summary>
public sealed class NamespaceGraphTests
{
    private const string SamplesRoot = "Mesh.Testing.Tests.Architecture.Samples";
    private const string LayeredRoot = "Mesh.Testing.Tests.Architecture.Layered";
    private static readonly NamespaceGraph s_samples = NamespaceGraph.Read(typeof(NamespaceGraphTests).Assembly.Location, SamplesRoot);
    private static readonly NamespaceGraph s_layered = NamespaceGraph.Read(typeof(NamespaceGraphTests).Assembly.Location, LayeredRoot);

    [Theory]
    [InlineData("ViaBaseType")]
    [InlineData("ViaInterface")]
    [InlineData("ViaField")]
    [InlineData("ViaProperty")]
    [InlineData("ViaParameter")]
    [InlineData("ViaGenericArgument")]
    [InlineData("ViaGenericConstraint")]
    [InlineData("ViaAttribute")]
    [InlineData("ViaAttributeTypeArgument")]
    [InlineData("ViaMethodCall")]
    [InlineData("ViaConstruction")]
    [InlineData("ViaCatch")]
    [InlineData("ViaTypeOf")]
    [InlineData("ViaClosure")]
    [InlineData("ViaAsyncStateMachine")]
    [InlineData("ViaIterator")]
    [InlineData("ViaNestedType")]
    [InlineData("ViaDeeperNamespace")]
    public void Read_FolderNamingATypeOneWay_DependsOnItsFolder(string folder)
    {
        Assert.True(s_samples.DependsOn(folder, "Target"), s_samples.ToString());
        Assert.Equal(["Target"], s_samples.Dependencies.Where(d => d.From == folder).Select(d => d.To));
    }

    [Fact]
    public void Read_RootNamespaceTypes_FormTheRootFolder() =>
        Assert.True(s_samples.DependsOn(NamespaceGraph.RootFolder, "Target"));

    [Fact]
    public void Read_DeeperNamespace_CountsForItsTopLevelFolder()
    {
        Assert.Contains("Target", s_samples.Folders);
        Assert.DoesNotContain(s_samples.Folders, f => f.Contains('.', StringComparison.Ordinal));
    }

    [Fact]
    public void Read_TypesOutsideTheRoot_AreNotInTheGraph()
    {
        // CycleB calls Outside.Helper, a type of the same assembly beside the samples' root.
        Assert.DoesNotContain("Outside", s_samples.Folders);
        Assert.Equal(["CycleA"], s_samples.Dependencies.Where(d => d.From == "CycleB").Select(d => d.To));
    }

    [Fact]
    public void Read_FolderUsingItselfOnly_HasNoDependency()
    {
        Assert.Contains("Independent", s_samples.Folders);
        Assert.DoesNotContain(s_samples.Dependencies, d => d.From == "Independent" || d.To == "Independent");
        Assert.DoesNotContain(s_samples.Dependencies, d => d.From == d.To);
    }

    [Fact]
    public void Read_Dependency_NamesAnExamplePairOfTypes() =>
        Assert.Equal(
            new FolderDependency("ViaBaseType", "Target", 1, "ViaBaseType.Derived → Target.ThingBase"),
            s_samples.Dependencies.Single(d => d.From == "ViaBaseType"));

    [Fact]
    public void FindCycles_TwoFoldersUsingEachOther_ReportsThemAndTheirPath()
    {
        var cycle = Assert.Single(s_samples.FindCycles());

        Assert.Equal(["CycleA", "CycleB"], cycle.Folders);
        Assert.Equal([("CycleA", "CycleB"), ("CycleB", "CycleA")], Assert.Single(cycle.Paths).Select(d => (d.From, d.To)));
        Assert.Contains("CycleA → CycleB → CycleA", cycle.ToString(), StringComparison.Ordinal);
        Assert.Contains("CycleB → CycleA (1 type pair, e.g. CycleB.Second → CycleA.First)", cycle.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FindCycles_Layers_FindsNone() => Assert.Empty(s_layered.FindCycles());

    [Fact]
    public void Layers_WithACycle_AreNull() => Assert.Null(s_samples.Layers());

    [Fact]
    public void Layers_WithoutCycle_StartFromTheFolderThatUsesNothing()
    {
        var layers = s_layered.Layers();

        Assert.NotNull(layers);
        Assert.Equal<IEnumerable<string>>([["Bottom"], ["Middle"], ["Top"]], layers);
    }

    [Fact]
    public void ToString_ListsEachFolderWithTheFoldersItUses()
    {
        var text = s_layered.ToString();

        Assert.Contains("Top → Bottom, Middle", text, StringComparison.Ordinal);
        Assert.Contains("Bottom → (nothing)", text, StringComparison.Ordinal);
        Assert.Contains("2: Top", text, StringComparison.Ordinal);
    }
}

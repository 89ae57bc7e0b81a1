using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal;

namespace Mesh.Hosting.Tests;

/// <summary>
/// A run under a test host starts from what the AppHost declares: its control plane keeps run-time changes (and its
/// CA) in a folder of its own, not in the AppHost's saved state that <c>dotnet run</c> replays.
/// </summary>
public sealed class StateIsolationTests
{
    [Fact]
    public void StateDirectory_TestHostRun_IsAFolderOfItsOwn()
    {
        var builder = TestHostBuilder();
        var mesh = builder.AddMesh("mesh").Resource;

        Assert.True(MeshStateDirectory.IsTestRun(builder));
        Assert.NotEqual(Saved(builder), mesh.StateDirectory);
        Assert.False(mesh.StateDirectory.StartsWith(builder.AppHostDirectory, StringComparison.Ordinal), mesh.StateDirectory);
        Assert.Equal("mesh", Path.GetFileName(mesh.StateDirectory));
    }

    [Fact]
    public void StateDirectory_TwoTestHostRuns_DoNotShareAFolder()
    {
        var one = TestHostBuilder().AddMesh("mesh").Resource.StateDirectory;
        var two = TestHostBuilder().AddMesh("mesh").Resource.StateDirectory;

        Assert.NotEqual(one, two);
    }

    [Fact]
    public void StateDirectory_TestHostRunAskingForSavedState_IsTheAppHosts()
    {
        var builder = TestHostBuilder("--Mesh:UseSavedState=true");

        Assert.Equal(Saved(builder), builder.AddMesh("mesh").Resource.StateDirectory);
    }

    [Fact]
    public void StateDirectory_Configured_WinsInATestHostRun()
    {
        var builder = TestHostBuilder("--Mesh:StateDirectory=custom-state");

        Assert.Equal(Path.Combine(builder.AppHostDirectory, "custom-state"), builder.AddMesh("mesh").Resource.StateDirectory);
    }

    [Fact]
    public void StateDirectory_AppHostIsTheEntryAssembly_IsTheSavedOne()
    {
        // dotnet run: the AppHost is the process's entry assembly.
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = [],
            DisableDashboard = true,
            AssemblyName = System.Reflection.Assembly.GetEntryAssembly()!.GetName().Name,
        });

        Assert.False(MeshStateDirectory.IsTestRun(builder));
        Assert.Equal(Saved(builder), builder.AddMesh("mesh").Resource.StateDirectory);
    }

    [Fact]
    public void UseSavedState_NotABoolean_FailsNamingTheKey()
    {
        var error = Assert.Throws<DistributedApplicationException>(() => TestHostBuilder("--Mesh:UseSavedState=sometimes").AddMesh("mesh"));

        Assert.Contains("Mesh:UseSavedState", error.Message, StringComparison.Ordinal);
        Assert.Contains("sometimes", error.Message, StringComparison.Ordinal);
    }

    /// <summary>As DistributedApplicationTestingBuilder builds it: the AppHost's assembly is not the process's entry assembly.</summary>
    private static IDistributedApplicationBuilder TestHostBuilder(params string[] args) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = args,
            DisableDashboard = true,
            AssemblyName = typeof(StateIsolationTests).Assembly.GetName().Name,
        });

    private static string Saved(IDistributedApplicationBuilder builder) => Path.Combine(builder.AppHostDirectory, ".mesh", "mesh");
}

using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal;
using Mesh.Model.Conventions;

namespace Mesh.Hosting.Tests;

/// <summary>
/// A meshed project starts from the program its AppHost's build recorded (BuildOutputLaunch), not through
/// <c>dotnet run --no-build</c>; whatever cannot be started so keeps Aspire's way.
/// </summary>
public sealed class BuildOutputLaunchTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("mesh-build-output-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public async Task RecordedProgram_IsStartedFromTheProjectsFolder_WithTheSdksDotnetRoot()
    {
        var (builder, project) = Details();

        BuildOutputLaunch.Apply(builder, project, Recorded(project, withLauncher: true));

        var executable = Assert.Single(project.Annotations.OfType<ExecutableAnnotation>());
        Assert.Equal(Path.Combine(_output, OperatingSystem.IsWindows() ? "Fake.exe" : "Fake"), executable.Command);
        Assert.Equal(Path.GetDirectoryName(new FakeProject().ProjectPath), executable.WorkingDirectory);
        var environment = await TestModel.EnvironmentAsync(project);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ROOT")))
        {
            Assert.Equal(Path.GetDirectoryName(MeshProgram.DotnetHost()), environment["DOTNET_ROOT"]);
        }
        else
        {
            // The AppHost's own DOTNET_ROOT reaches the app as it is: the mesh does not replace it.
            Assert.False(environment.ContainsKey("DOTNET_ROOT"));
        }
    }

    [Fact]
    public void NothingRecorded_KeepsDotnetRun()
    {
        var (builder, project) = Details();

        BuildOutputLaunch.Apply(builder, project, [new AssemblyMetadataAttribute("apphostprojectpath", "/somewhere")]);

        Assert.Empty(project.Annotations.OfType<ExecutableAnnotation>());
    }

    [Fact]
    public void AnotherProjectsOutput_KeepsDotnetRun()
    {
        var (builder, project) = Details();
        File.WriteAllText(Path.Combine(_output, "Other.dll"), "");
        File.WriteAllText(Path.Combine(_output, "Other"), "");

        BuildOutputLaunch.Apply(builder, project, [new AssemblyMetadataAttribute(BuildOutputLaunch.MetadataKey, $"/elsewhere/Other.csproj|{Path.Combine(_output, "Other.dll")}")]);

        Assert.Empty(project.Annotations.OfType<ExecutableAnnotation>());
    }

    [Fact]
    public void NoNativeLauncher_KeepsDotnetRun()
    {
        // A project built with UseAppHost=false has its assembly only.
        var (builder, project) = Details();

        BuildOutputLaunch.Apply(builder, project, Recorded(project, withLauncher: false));

        Assert.Empty(project.Annotations.OfType<ExecutableAnnotation>());
    }

    [Theory]
    [InlineData("--Mesh:LaunchFromBuildOutput=false")]
    [InlineData("--DEBUG_SESSION_PORT=localhost:5555")]
    [InlineData("--DOTNET_WATCH=1")]
    public void SwitchedOff_InAnIdeSession_OrUnderDotnetWatch_KeepsAspiresWay(string argument)
    {
        var (builder, project) = Details(argument);

        BuildOutputLaunch.Apply(builder, project, Recorded(project, withLauncher: true));

        Assert.Empty(project.Annotations.OfType<ExecutableAnnotation>());
    }

    [Fact]
    public void Switch_NeitherTrueNorFalse_FailsNamingTheKey()
    {
        var (builder, project) = Details("--Mesh:LaunchFromBuildOutput=sometimes");

        var error = Assert.Throws<DistributedApplicationException>(() => BuildOutputLaunch.Apply(builder, project, Recorded(project, withLauncher: true)));

        Assert.Contains("'Mesh:LaunchFromBuildOutput' has the value 'sometimes'", error.Message, StringComparison.Ordinal);
    }

    private static (IDistributedApplicationBuilder Builder, ProjectResource Project) Details(params string[] args)
    {
        var builder = TestModel.CreateBuilder(args);
        return (builder, builder.AddApp("details").Resource);
    }

    // What the AppHost's build embeds for the project: its assembly, and the native launcher beside it unless left out.
    private AssemblyMetadataAttribute[] Recorded(ProjectResource project, bool withLauncher)
    {
        var assembly = Path.Combine(_output, "Fake.dll");
        File.WriteAllText(assembly, "");
        if (withLauncher)
        {
            File.WriteAllText(Path.Combine(_output, OperatingSystem.IsWindows() ? "Fake.exe" : "Fake"), "");
        }

        var projectPath = project.Annotations.OfType<IProjectMetadata>().Single().ProjectPath;
        return [new AssemblyMetadataAttribute(BuildOutputLaunch.MetadataKey, $"{projectPath}|{assembly}")];
    }
}

using System.Reflection;
using Aspire.Hosting.ApplicationModel;
using Mesh.Model.Conventions;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting.Internal;

/// <summary>
/// Starts a meshed project from the program the AppHost's build produced, instead of through DCP's
/// <c>dotnet run --no-build</c>. That launcher evaluates the project with MSBuild before it starts the program: on two
/// cores, Bookinfo's six projects spent about 10 s there at every start (bench/, "Start-up"). The AppHost's build
/// knows each project's output already (Mesh.Hosting's build targets embed it in the AppHost assembly as
/// <see cref="MetadataKey"/> attributes), so the program is started directly, with what <c>dotnet run</c> would give
/// it: the project's folder as working directory, <c>DOTNET_ROOT</c> of the running SDK, and Aspire's arguments and
/// environment unchanged.
/// </summary>
internal static class BuildOutputLaunch
{
    /// <summary>The AppHost assembly's metadata key: the value is <c>project path|program's assembly path</c>.</summary>
    public const string MetadataKey = "mesh.projectoutput";

    public static void Apply(IDistributedApplicationBuilder builder, ProjectResource project) =>
        Apply(builder, project, builder.AppHostAssembly?.GetCustomAttributes<AssemblyMetadataAttribute>() ?? []);

    /// <param name="builder">The AppHost's builder.</param>
    /// <param name="project">A meshed project.</param>
    /// <param name="recorded">The AppHost assembly's metadata, where its build recorded each project's output.</param>
    internal static void Apply(IDistributedApplicationBuilder builder, ProjectResource project, IEnumerable<AssemblyMetadataAttribute> recorded)
    {
        if (!Enabled(builder.Configuration)
            || !project.TryGetLastAnnotation<IProjectMetadata>(out var metadata)
            || Program(recorded, metadata.ProjectPath) is not { } program)
        {
            return;
        }

        project.Annotations.Add(new ExecutableAnnotation { Command = program, WorkingDirectory = Path.GetDirectoryName(metadata.ProjectPath)! });
        // The program is the SDK's native launcher for the app: like `dotnet run`, tell it which .NET to load.
        var dotnetRoot = Path.GetDirectoryName(MeshProgram.DotnetHost());
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ROOT")) && Path.IsPathRooted(dotnetRoot))
        {
            project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
            {
                context.EnvironmentVariables.TryAdd("DOTNET_ROOT", dotnetRoot);
                return Task.CompletedTask;
            }));
        }
    }

    // The IDE launches projects itself in a debug session, and `dotnet watch` needs `dotnet watch`: both keep Aspire's way.
    private static bool Enabled(ConfigurationManager configuration) =>
        BooleanSetting.Read(configuration, MeshBuilderExtensions.LaunchFromBuildOutputConfigurationKey, unset: true)
        && string.IsNullOrEmpty(configuration["DEBUG_SESSION_PORT"])
        && !string.Equals(configuration["DOTNET_WATCH"], "1", StringComparison.Ordinal)
        && !string.Equals(configuration["DOTNET_WATCH"], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The native launcher beside the project's assembly, as the AppHost's build recorded it; null when the build recorded
    /// none for this project, or it is not there (a project built with <c>UseAppHost=false</c>, an AppHost built elsewhere).
    /// </summary>
    private static string? Program(IEnumerable<AssemblyMetadataAttribute> recorded, string projectPath)
    {
        foreach (var attribute in recorded)
        {
            if (attribute.Key != MetadataKey || attribute.Value?.Split('|') is not [var project, var assembly]
                || !string.Equals(Path.GetFullPath(project), Path.GetFullPath(projectPath), PathComparison))
            {
                continue;
            }

            var launcher = Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null);
            return File.Exists(launcher) && File.Exists(assembly) ? launcher : null;
        }

        return null;
    }

    private static StringComparison PathComparison => OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
}

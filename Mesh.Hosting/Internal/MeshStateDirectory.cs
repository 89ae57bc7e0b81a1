using System.Reflection;

namespace Aspire.Hosting.Internal;

/// <summary>
/// Chooses the control plane's state folder (run-time changes, the CA's root). A <c>dotnet run</c> keeps it under the
/// AppHost, so changes and trust survive restarts. A run under a test host gets a new folder, deleted with the run:
/// a test that applied a policy and failed before deleting it must not leave that policy in force for the
/// developer's next run, nor for the next test.
/// </summary>
internal static class MeshStateDirectory
{
    internal static string For(IDistributedApplicationBuilder builder, string meshName)
    {
        var configured = builder.Configuration[MeshBuilderExtensions.StateDirectoryConfigurationKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(Path.Combine(builder.AppHostDirectory, configured));
        }

        if (IsTestRun(builder) && !UsesSavedState(builder))
        {
            // Aspire's temporary folders are deleted when the AppHost is disposed; the service is marked for evaluation,
            // and nothing else deletes a folder at the end of a run.
#pragma warning disable ASPIREFILESYSTEM001
            var run = builder.FileSystemService.TempDirectory.CreateTempSubdirectory("mesh-state-");
#pragma warning restore ASPIREFILESYSTEM001
            // The control plane makes the folder itself, owner-only, as it does under the AppHost.
            return Path.Combine(run.Path, meshName);
        }

        return Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".mesh", meshName));
    }

    /// <summary>
    /// Whether a test host runs the AppHost: <c>dotnet run</c> makes the AppHost the entry assembly, a test runner
    /// (<c>DistributedApplicationTestingBuilder</c>) does not.
    /// </summary>
    internal static bool IsTestRun(IDistributedApplicationBuilder builder) =>
        Assembly.GetEntryAssembly() is not { } entry || entry != builder.AppHostAssembly;

    private static bool UsesSavedState(IDistributedApplicationBuilder builder) =>
        BooleanSetting.Read(builder.Configuration, MeshBuilderExtensions.SavedStateConfigurationKey, unset: false);
}

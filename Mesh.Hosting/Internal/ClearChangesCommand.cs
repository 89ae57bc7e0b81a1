using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal;

/// <summary>
/// The mesh resource's dashboard command that deletes every run-time change (<c>DELETE /v1/changes</c>, with the run's
/// admin credential): the way back to what the AppHost declares when saved changes are replayed at start.
/// </summary>
internal static class ClearChangesCommand
{
    internal const string Name = "mesh-clear-runtime-changes";
    internal const string DisplayName = "Clear run-time changes";

    internal static IResourceBuilder<MeshResource> WithClearChangesCommand(this IResourceBuilder<MeshResource> mesh) =>
        mesh.WithCommand(Name, DisplayName, context => ExecuteAsync(mesh.Resource, handler: null, context.CancellationToken), new CommandOptions
        {
            Description = "Deletes every resource applied at run time through the admin API, saved ones included: the mesh goes back to what the AppHost and its config folder declare.",
            ConfirmationMessage = $"Delete every run-time change of mesh '{mesh.Resource.Name}', including those saved from earlier runs?",
            IconName = "Delete",
            UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running
                ? ResourceCommandState.Enabled
                : ResourceCommandState.Disabled,
        });

    internal static async Task<ExecuteCommandResult> ExecuteAsync(MeshResource mesh, HttpMessageHandler? handler, CancellationToken cancellationToken)
    {
        using var client = MeshClientExtensions.For(mesh, handler);
        try
        {
            var result = await client.ClearChangesAsync(cancellationToken).ConfigureAwait(false);
            return result.Applied
                ? CommandResults.Success($"Cleared {result.Resources.Count} run-time resource(s).")
                : CommandResults.Failure(string.Join(Environment.NewLine, result.Messages));
        }
        catch (HttpRequestException ex)
        {
            return CommandResults.Failure($"The control plane did not answer: {ex.Message}");
        }
    }
}

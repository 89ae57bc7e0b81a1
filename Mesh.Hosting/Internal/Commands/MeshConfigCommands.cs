using System.Globalization;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Mesh.Model.Protocol;

namespace Aspire.Hosting.Internal.Commands;

/// <summary>
/// The mesh resource's configuration commands: apply a YAML file or folder (<c>kubectl apply -f</c>), analyze what is
/// in force or a file before applying it (<c>istioctl analyze</c>), and show every resource in force with its source.
/// </summary>
internal static class MeshConfigCommands
{
    internal const string ApplyName = "mesh-apply";
    internal const string AnalyzeName = "mesh-analyze";
    internal const string EffectiveName = "mesh-effective-config";
    internal const string PathInput = "path";

    internal static IResourceBuilder<MeshResource> WithConfigCommands(this IResourceBuilder<MeshResource> builder, string appHostDirectory)
    {
        var mesh = builder.Resource;
        return builder
            .WithCommand(ApplyName, "Apply YAML", context => ApplyAsync(mesh, appHostDirectory, CommandSupport.Argument(context, PathInput), handler: null, context.CancellationToken), new CommandOptions
            {
                Description = "Applies the Istio resources of a YAML file, or of every .yaml/.yml file in a folder, as one change (like kubectl apply -f). It lasts until deleted or cleared, across restarts.",
                Arguments = [PathArgument(required: true)],
                ConfirmationMessage = $"Apply the resources to mesh '{mesh.Name}'?",
                IconName = "DocumentArrowUp",
                UpdateState = CommandSupport.WhileRunning,
            })
            .WithCommand(AnalyzeName, "Analyze", context => AnalyzeAsync(mesh, appHostDirectory, CommandSupport.Argument(context, PathInput), handler: null, context.CancellationToken), new CommandOptions
            {
                Description = "Checks the configuration in force, or what it would be with a YAML file or folder applied, as istioctl analyze does; changes nothing.",
                Arguments = [PathArgument(required: false)],
                IconName = "CheckmarkStarburst",
                UpdateState = CommandSupport.WhileRunning,
            })
            .WithCommand(EffectiveName, "Effective config", context => EffectiveAsync(mesh, handler: null, context.CancellationToken), new CommandOptions
            {
                Description = "Lists every resource in force and where it comes from: the AppHost, a file of the config folder, or a request (the dashboard's commands among them).",
                IconName = "TextBulletListSquare",
                UpdateState = CommandSupport.WhileRunning,
            });
    }

    internal static async Task<ExecuteCommandResult> ApplyAsync(MeshResource mesh, string appHostDirectory, string? path, HttpMessageHandler? handler, CancellationToken cancellationToken)
    {
        if (YamlInput.TryRead(path, appHostDirectory, out var errors) is not { } input)
        {
            return Refused($"Nothing applied from '{path}'.", errors);
        }

        return await CallAsync(mesh, handler, async client =>
        {
            var result = await client.ApplyAsync(input.Text, cancellationToken).ConfigureAwait(false);
            var lines = result.Diagnostics.Select(input.Describe).ToList();
            return result.Applied
                ? Listed(true, $"Applied {result.Resources.Count} resource(s) from '{path}' (configuration version {result.ConfigVersion}): {string.Join(", ", result.Resources)}.", lines)
                : Refused($"The control plane refused '{path}'; nothing applied.", lines);
        }).ConfigureAwait(false);
    }

    internal static async Task<ExecuteCommandResult> AnalyzeAsync(MeshResource mesh, string appHostDirectory, string? path, HttpMessageHandler? handler, CancellationToken cancellationToken)
    {
        YamlInput? input = null;
        if (path is not null && (input = YamlInput.TryRead(path, appHostDirectory, out var errors)) is null)
        {
            return Refused($"'{path}' does not read as mesh resources.", errors);
        }

        return await CallAsync(mesh, handler, async client =>
        {
            var result = await client.AnalyzeAsync(input?.Text ?? "", cancellationToken).ConfigureAwait(false);
            var lines = result.Diagnostics.Select(d => input?.Describe(d) ?? d.ToString()).ToList();
            var what = input is null ? "The configuration in force" : $"The configuration with '{path}' applied";
            var errorCount = result.Diagnostics.Count(d => d.IsError);
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{what}: {errorCount} error(s), {result.Diagnostics.Count - errorCount} warning(s).");
            return Listed(errorCount == 0, summary, lines);
        }).ConfigureAwait(false);
    }

    internal static Task<ExecuteCommandResult> EffectiveAsync(MeshResource mesh, HttpMessageHandler? handler, CancellationToken cancellationToken) =>
        CallAsync(mesh, handler, async client =>
        {
            var resources = await client.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
            return CommandResults.Success(
                $"{resources.Count} resource(s) in force in mesh '{mesh.Name}'.", EffectiveTable(resources), CommandResultFormat.Markdown);
        });

    /// <summary>The resources in force as a Markdown table, by kind then name.</summary>
    internal static string EffectiveTable(IEnumerable<ConfigResourceEntry> resources)
    {
        var table = new StringBuilder("| Kind | Namespace/name | Source |\n|---|---|---|\n");
        foreach (var r in resources.OrderBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Namespace, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            table.Append(CultureInfo.InvariantCulture, $"| {r.Kind} | {r.Namespace}/{r.Name} | {Cell(r.Source)} |\n");
        }

        return table.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static InteractionInput PathArgument(bool required) => new()
    {
        Name = PathInput,
        Label = "YAML file or folder",
        InputType = InputType.Text,
        Required = required,
        Placeholder = "mesh/virtual-service-reviews-v3.yaml",
        Description = "Relative to the AppHost's folder, or absolute." + (required ? "" : " Empty analyzes the configuration in force."),
    };

    private static async Task<ExecuteCommandResult> CallAsync(MeshResource mesh, HttpMessageHandler? handler, Func<MeshClient, Task<ExecuteCommandResult>> call)
    {
        using var client = MeshClientExtensions.For(mesh, handler);
        try
        {
            return await call(client).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return CommandResults.Failure($"The control plane did not answer: {ex.Message}");
        }
    }

    private static ExecuteCommandResult Refused(string message, IReadOnlyList<string> lines) =>
        CommandResults.Failure(message + Environment.NewLine + string.Join(Environment.NewLine, lines), string.Join(Environment.NewLine, lines), CommandResultFormat.Text);

    private static ExecuteCommandResult Listed(bool success, string message, List<string> lines)
    {
        if (lines.Count == 0)
        {
            return success ? CommandResults.Success(message) : CommandResults.Failure(message);
        }

        var text = string.Join(Environment.NewLine, lines);
        return success
            ? CommandResults.Success(message, text, CommandResultFormat.Text)
            : CommandResults.Failure(message + Environment.NewLine + text, text, CommandResultFormat.Text);
    }
}

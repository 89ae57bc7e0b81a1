using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal.Commands;

/// <summary>What every mesh command shares: enabled only while its resource runs, and reading inputs by name.</summary>
internal static class CommandSupport
{
    /// <summary>Enabled while the resource runs; a command cannot reach a stopped control plane or sidecar.</summary>
    public static ResourceCommandState WhileRunning(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    /// <summary>The value given for input <paramref name="name"/>, trimmed; null when none.</summary>
    public static string? Argument(ExecuteCommandContext context, string name) =>
        context.Arguments is { } arguments && arguments.TryGetByName(name, out var input) && !string.IsNullOrWhiteSpace(input.Value)
            ? input.Value.Trim()
            : null;
}

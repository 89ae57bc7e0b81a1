using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal.Commands;

/// <summary>
/// A logical service's traffic commands: all traffic to one version, a weighted split, and reset. Each writes the
/// route of the dashboard's VirtualService for the service (<see cref="DashboardRoutes"/>), leaving its faults as they are.
/// </summary>
internal static class TrafficCommands
{
    internal const string ShiftName = "mesh-shift-to-version";
    internal const string SplitName = "mesh-split-traffic";
    internal const string ResetName = "mesh-reset-traffic";
    internal const string VersionInput = "version";
    internal const string SplitInput = "split";

    internal static IResourceBuilder<MeshServiceResource> WithTrafficCommands(this IResourceBuilder<MeshServiceResource> builder)
    {
        var service = builder.Resource;
        return builder
            .WithCommand(ShiftName, "Shift to version", context => ShiftAsync(service, context, handler: null), new CommandOptions
            {
                Description = $"Sends every request for '{service.Name}' to one version (a VirtualService named dashboard-{service.Name}); faults injected from the dashboard stay.",
                Arguments = [new InteractionInput
                {
                    Name = VersionInput,
                    Label = "Version",
                    InputType = InputType.Choice,
                    Required = true,
                    Options = service.VersionChoices,
                }],
                ConfirmationMessage = $"Send all traffic for '{service.Name}' to the chosen version?",
                IconName = "ArrowRouting",
                UpdateState = context => SeveralVersions(service, context),
            })
            .WithCommand(SplitName, "Split traffic", context => SplitAsync(service, context, handler: null), new CommandOptions
            {
                Description = $"Splits the requests for '{service.Name}' between versions by weight, e.g. 'v1=50,v3=50' (weights add up to 100).",
                Arguments = [new InteractionInput
                {
                    Name = SplitInput,
                    Label = "Split",
                    InputType = InputType.Text,
                    Required = true,
                    Placeholder = string.Join(",", Versions(service).Take(2).Select(v => v + "=50")),
                    Description = "Version=weight pairs, separated by commas; versions: " + string.Join(", ", Versions(service)) + ".",
                }],
                ConfirmationMessage = $"Split the traffic for '{service.Name}' as given?",
                IconName = "ArrowSplit",
                UpdateState = context => SeveralVersions(service, context),
            })
            .WithCommand(ResetName, "Reset traffic", context => ResetAsync(service, handler: null, context.CancellationToken), new CommandOptions
            {
                Description = $"Removes the dashboard's traffic shift for '{service.Name}': the configuration routes it again. Faults injected from the dashboard stay.",
                ConfirmationMessage = $"Remove the dashboard's traffic shift for '{service.Name}'?",
                IconName = "ArrowReset",
                UpdateState = context => SeveralVersions(service, context),
            });
    }

    /// <summary>Shown only for a service with several versions, and enabled while it runs (while its mesh runs).</summary>
    private static ResourceCommandState SeveralVersions(MeshServiceResource service, UpdateCommandStateContext context) =>
        service.Workloads.Count < 2 ? ResourceCommandState.Hidden : CommandSupport.WhileRunning(context);

    /// <summary>The versions the AppHost declared for the service, in declaration order.</summary>
    internal static IReadOnlyList<string> Versions(MeshServiceResource service) =>
        [.. service.Workloads.Select(w => w.TryGetLastAnnotation<MeshWorkloadAnnotation>(out var identity) ? identity.Version : null).OfType<string>()];

    internal static Task<ExecuteCommandResult> ShiftAsync(MeshServiceResource service, ExecuteCommandContext context, HttpMessageHandler? handler)
    {
        var versions = Versions(service);
        var asked = CommandSupport.Argument(context, VersionInput);
        var version = versions.FirstOrDefault(v => string.Equals(v, asked, StringComparison.OrdinalIgnoreCase));
        if (version is null)
        {
            return Task.FromResult(CommandResults.Failure(
                $"Version '{asked}' is not one the AppHost declared for '{service.Name}' ({string.Join(", ", versions)})."));
        }

        return ChangeAsync(service, handler, route => route with { Shift = [new VersionWeight(version, 100)] }, context.CancellationToken);
    }

    internal static Task<ExecuteCommandResult> SplitAsync(MeshServiceResource service, ExecuteCommandContext context, HttpMessageHandler? handler) =>
        RouteInputs.TryParseSplit(CommandSupport.Argument(context, SplitInput), Versions(service), out var split, out var error)
            ? ChangeAsync(service, handler, route => route with { Shift = split }, context.CancellationToken)
            : Task.FromResult(CommandResults.Failure(error));

    internal static Task<ExecuteCommandResult> ResetAsync(MeshServiceResource service, HttpMessageHandler? handler, CancellationToken cancellationToken) =>
        ChangeAsync(service, handler, route => route with { Shift = null }, cancellationToken);

    private static Task<ExecuteCommandResult> ChangeAsync(
        MeshServiceResource service, HttpMessageHandler? handler, Func<DashboardRoute, DashboardRoute> change, CancellationToken cancellationToken) =>
        For(service).ChangeAsync(handler, change, cancellationToken);

    /// <summary>The logical service as the host the dashboard's route is written for.</summary>
    internal static RouteTarget For(MeshServiceResource service) => new(service.Mesh, service.Name, () => Versions(service));
}

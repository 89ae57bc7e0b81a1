using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal.Commands;

/// <summary>
/// A service's fault commands, as Istio's fault injection task: a fixed delay or an HTTP abort for a share of the
/// requests every caller's sidecar sends to it, and clearing both. They write the fault of the dashboard's
/// VirtualService for the service (<see cref="DashboardRoutes"/>), leaving a traffic shift as it is.
/// </summary>
internal static class FaultCommands
{
    internal const string DelayName = "mesh-inject-delay";
    internal const string AbortName = "mesh-inject-abort";
    internal const string ClearName = "mesh-clear-faults";
    internal const string DelayInput = "delay";
    internal const string StatusInput = "status";
    internal const string PercentageInput = "percentage";

    /// <param name="builder">The service's resource: a logical service, or a meshed workload serving its own name.</param>
    /// <param name="target">The host and where its routes live.</param>
    internal static IResourceBuilder<T> WithFaultCommands<T>(this IResourceBuilder<T> builder, RouteTarget target)
        where T : IResource => builder
        .WithCommand(DelayName, "Inject delay", context => DelayAsync(target, context, handler: null), new CommandOptions
        {
            Description = $"Delays a share of the requests callers send to '{target.Host}' (Istio's fault.delay), in the dashboard's VirtualService dashboard-{target.Host}.",
            Arguments = [
                new InteractionInput { Name = DelayInput, Label = "Delay", InputType = InputType.Text, Required = true, Value = "2s", Description = "A duration as Istio writes it: 2s, 500ms, 1m." },
                Percentage()],
            ConfirmationMessage = $"Delay requests to '{target.Host}'?",
            IconName = "Clock",
            UpdateState = CommandSupport.WhileRunning,
        })
        .WithCommand(AbortName, "Inject abort", context => AbortAsync(target, context, handler: null), new CommandOptions
        {
            Description = $"Answers a share of the requests callers send to '{target.Host}' with an HTTP status instead of calling it (Istio's fault.abort).",
            Arguments = [
                new InteractionInput { Name = StatusInput, Label = "HTTP status", InputType = InputType.Number, Required = true, Value = "500" },
                Percentage()],
            ConfirmationMessage = $"Fail requests to '{target.Host}'?",
            IconName = "ErrorCircle",
            UpdateState = CommandSupport.WhileRunning,
        })
        .WithCommand(ClearName, "Clear faults", context => ClearAsync(target, handler: null, context.CancellationToken), new CommandOptions
        {
            Description = $"Removes the delay and abort the dashboard injected for '{target.Host}'; a traffic shift from the dashboard stays.",
            IconName = "Eraser",
            UpdateState = CommandSupport.WhileRunning,
        });

    internal static Task<ExecuteCommandResult> DelayAsync(RouteTarget target, ExecuteCommandContext context, HttpMessageHandler? handler)
    {
        if (!RouteInputs.TryParseDelay(CommandSupport.Argument(context, DelayInput), out var delay, out var error)
            || !RouteInputs.TryParsePercentage(CommandSupport.Argument(context, PercentageInput), out var percentage, out error))
        {
            return Task.FromResult(CommandResults.Failure(error));
        }

        return target.ChangeAsync(handler, route => route with { Delay = new DelayFault(delay, percentage) }, context.CancellationToken);
    }

    internal static Task<ExecuteCommandResult> AbortAsync(RouteTarget target, ExecuteCommandContext context, HttpMessageHandler? handler)
    {
        if (!RouteInputs.TryParseStatus(CommandSupport.Argument(context, StatusInput), out var status, out var error)
            || !RouteInputs.TryParsePercentage(CommandSupport.Argument(context, PercentageInput), out var percentage, out error))
        {
            return Task.FromResult(CommandResults.Failure(error));
        }

        return target.ChangeAsync(handler, route => route with { Abort = new AbortFault(status, percentage) }, context.CancellationToken);
    }

    internal static Task<ExecuteCommandResult> ClearAsync(RouteTarget target, HttpMessageHandler? handler, CancellationToken cancellationToken) =>
        target.ChangeAsync(handler, route => route with { Delay = null, Abort = null }, cancellationToken);

    private static InteractionInput Percentage() => new()
    {
        Name = PercentageInput,
        Label = "Percentage of requests",
        InputType = InputType.Number,
        Required = true,
        Value = "100",
    };
}

using Aspire.Hosting.ApplicationModel;
using Mesh.Model.Protocol;
using Mesh.Model.Validation;

namespace Aspire.Hosting.Internal.Commands;

/// <summary>
/// The dashboard's traffic shifts and faults of one mesh, per host, and the resources that carry them: one
/// VirtualService <c>dashboard-{host}</c> (and the DestinationRule of the same name when no resource in force
/// defines the shift's subsets). Every change rewrites both from what is asked now, so clearing one part keeps the
/// other and the resources go when nothing is asked. Kept for the AppHost's run: a resource saved from an earlier
/// run is replaced (or deleted) by the next command for its host.
/// </summary>
internal sealed class DashboardRoutes
{
    private readonly Dictionary<string, DashboardRoute> _routes = new(StringComparer.OrdinalIgnoreCase);

    // One change at a time, in the order asked: each rewrites the host's resources from the route the last one left.
    private Task _queue = Task.CompletedTask;

    /// <summary>What the dashboard asks of <paramref name="host"/> now.</summary>
    public DashboardRoute Get(string host, string @namespace)
    {
        lock (_routes)
        {
            return _routes.TryGetValue(host, out var route) ? route : new DashboardRoute(host, @namespace);
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the host's route and writes the result through the control plane: applied,
    /// or deleted when nothing is asked any more. Refused when a user's resource routes the host.
    /// </summary>
    /// <param name="client">The control plane, with the run's admin credential.</param>
    /// <param name="host">The service host.</param>
    /// <param name="namespace">The mesh's namespace.</param>
    /// <param name="versions">The versions the AppHost declared for the host (subsets of a shift), empty for a plain service.</param>
    /// <param name="change">The new route from the current one.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    public Task<ExecuteCommandResult> ChangeAsync(
        MeshClient client, string host, string @namespace, IReadOnlyList<string> versions, Func<DashboardRoute, DashboardRoute> change, CancellationToken cancellationToken)
    {
        lock (_routes)
        {
            var run = _queue.ContinueWith(_ => ChangeNowAsync(client, host, @namespace, versions, change, cancellationToken), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            _queue = run;
            return run;
        }
    }

    private async Task<ExecuteCommandResult> ChangeNowAsync(
        MeshClient client, string host, string @namespace, IReadOnlyList<string> versions, Func<DashboardRoute, DashboardRoute> change, CancellationToken cancellationToken)
    {
        try
        {
            var current = Get(host, @namespace);
            var next = change(current);
            if (next == current)
            {
                return CommandResults.Success($"Nothing to change: the dashboard's route for '{host}' holds {current.Describe()}.");
            }

            var result = next.IsEmpty
                ? await DeleteAsync(client, current, cancellationToken).ConfigureAwait(false)
                : await ApplyAsync(client, current, next, versions, cancellationToken).ConfigureAwait(false);
            if (result.Written is { } written)
            {
                lock (_routes)
                {
                    _routes[host] = written;
                }
            }

            return result.Outcome;
        }
        catch (HttpRequestException ex)
        {
            return CommandResults.Failure($"The control plane did not answer: {ex.Message}");
        }
    }

    private static async Task<(ExecuteCommandResult Outcome, DashboardRoute? Written)> ApplyAsync(
        MeshClient client, DashboardRoute current, DashboardRoute next, IReadOnlyList<string> versions, CancellationToken cancellationToken)
    {
        var ownsSubsets = next.Shift is not null
            && (current.OwnsSubsets || await SubsetsUndefinedAsync(client, next, cancellationToken).ConfigureAwait(false));
        next = next with { OwnsSubsets = ownsSubsets };
        var applied = await client.ApplyAsync(next.ToJson(ownsSubsets ? versions : null), cancellationToken).ConfigureAwait(false);
        if (!applied.Applied)
        {
            return (await RefusalAsync(client, next, applied, cancellationToken).ConfigureAwait(false), null);
        }

        if (current.OwnsSubsets && !ownsSubsets)
        {
            await client.DeleteAsync("DestinationRule", next.Namespace, next.ResourceName, cancellationToken).ConfigureAwait(false);
        }

        var subsets = ownsSubsets ? $" and DestinationRule {next.Namespace}/{next.ResourceName} (its subsets)" : "";
        return (CommandResults.Success($"VirtualService {next.Namespace}/{next.ResourceName}{subsets} now holds {next.Describe()}."), next);
    }

    private static async Task<(ExecuteCommandResult Outcome, DashboardRoute? Written)> DeleteAsync(MeshClient client, DashboardRoute current, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var kind in current.OwnsSubsets ? new[] { "VirtualService", "DestinationRule" } : ["VirtualService"])
        {
            var deleted = await client.DeleteAsync(kind, current.Namespace, current.ResourceName, cancellationToken).ConfigureAwait(false);
            // Gone already (cleared with every run-time change, say) is what was asked.
            if (!deleted.Applied && !deleted.Messages.Any(m => m.EndsWith("does not exist", StringComparison.Ordinal)))
            {
                problems.AddRange(deleted.Messages);
            }
        }

        return problems.Count > 0
            ? (CommandResults.Failure(string.Join(Environment.NewLine, problems)), null)
            : (CommandResults.Success($"Deleted the dashboard's VirtualService {current.Namespace}/{current.ResourceName}{(current.OwnsSubsets ? " and its DestinationRule" : "")}: '{current.Host}' is routed by the configuration alone."),
                new DashboardRoute(current.Host, current.Namespace));
    }

    /// <summary>Whether no resource in force defines the shift's subsets, so the dashboard must write them.</summary>
    private static async Task<bool> SubsetsUndefinedAsync(MeshClient client, DashboardRoute next, CancellationToken cancellationToken)
    {
        var analysis = await client.AnalyzeAsync(next.ToJson(subsetVersions: null), cancellationToken).ConfigureAwait(false);
        return analysis.Diagnostics.Any(d => d.IsError && d.Code == DiagnosticCodes.UndefinedSubset && d.Name == next.ResourceName);
    }

    /// <summary>
    /// Why the control plane refused. When another resource routes the host, names it and where it comes from: the
    /// dashboard never replaces a user's route, since Istio applies only one VirtualService per host.
    /// </summary>
    private static async Task<ExecuteCommandResult> RefusalAsync(MeshClient client, DashboardRoute next, ConfigChangeResult refused, CancellationToken cancellationToken)
    {
        var conflicts = refused.Diagnostics.Where(d => d.IsError && d.Code == DiagnosticCodes.Conflict).ToList();
        if (conflicts.Count == 0)
        {
            return CommandResults.Failure("The control plane refused the dashboard's route: " + string.Join(Environment.NewLine, refused.Messages));
        }

        var resources = await client.GetResourcesAsync(cancellationToken).ConfigureAwait(false);
        var owners = resources
            .Where(r => r.Name != next.ResourceName && conflicts.Any(c => Names(c, r)))
            .Select(r => $"{r.Kind} {r.Namespace}/{r.Name} (from {r.Source})")
            .ToList();
        var who = owners.Count > 0 ? string.Join(", ", owners) : string.Join("; ", conflicts.Select(c => c.Message));
        return CommandResults.Failure(
            $"Refused: {who} already routes '{next.Host}' for the mesh, and Istio applies only one VirtualService per host, so the dashboard "
            + "does not override it. Remove that resource (delete it, or take it out of its file), or make the change in it yourself.");
    }

    private static bool Names(ConfigDiagnostic conflict, ConfigResourceEntry entry) =>
        (conflict.Name == entry.Name && conflict.Kind == entry.Kind)
        || conflict.Message.Contains($"{entry.Kind} {entry.Namespace}/{entry.Name} ", StringComparison.Ordinal);
}

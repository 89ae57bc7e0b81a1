using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal.Restarts;

/// <summary>What the dashboard snapshot of a watched process says at one moment.</summary>
/// <param name="State">Its state (<see cref="KnownResourceStates"/>); DCP's interim snapshots carry none.</param>
/// <param name="ExitCode">Its exit code once it ended (DCP reports -1 for a process killed by a signal).</param>
/// <param name="StartedAt">When its current or last run started.</param>
/// <param name="StoppedAt">When its last run ended.</param>
internal readonly record struct ProcessObservation(string? State, int? ExitCode, DateTime? StartedAt, DateTime? StoppedAt)
{
    internal static ProcessObservation From(CustomResourceSnapshot snapshot) =>
        new(snapshot.State?.Text, snapshot.ExitCode, snapshot.StartTimeStamp, snapshot.StopTimeStamp);
}

/// <summary>A restart to make: the how-many-th, after what, and when.</summary>
/// <param name="Restart">How many times the mesh has started this process again, this one included.</param>
/// <param name="ConsecutiveExits">Exits since the last stable run, this one included; sets <paramref name="Delay"/>.</param>
/// <param name="ExitCode">The exit code of the run that ended, when known.</param>
/// <param name="Delay">How long to wait before starting it (<see cref="RestartBackoff"/>).</param>
internal sealed record RestartPlan(int Restart, int ConsecutiveExits, int? ExitCode, TimeSpan Delay);

/// <summary>
/// Tells, from one process's snapshots in order, when it died on its own: a running process that reaches a terminal
/// state without passing through <c>Stopping</c>. A Stop or Restart command (dashboard or
/// <see cref="ResourceCommandService"/>) makes DCP report <c>Stopping</c> first, so a process a person stopped stays
/// stopped, as a pod someone deleted is not brought back. A start the mesh itself asked for that fails counts as
/// another exit, so a program that cannot start is retried on the same back-off instead of given up.
/// </summary>
internal sealed class ProcessExitTracker
{
    private readonly Lock _gate = new();
    private string? _previous;
    private bool _restarting;
    private int _consecutiveExits;
    private int _restarts;

    /// <summary>Takes the next snapshot; returns a plan when it shows the process died on its own.</summary>
    internal RestartPlan? Observe(ProcessObservation observation)
    {
        if (string.IsNullOrEmpty(observation.State))
        {
            return null;
        }

        lock (_gate)
        {
            var previous = _previous;
            _previous = observation.State;
            if (observation.State == KnownResourceStates.Running)
            {
                _restarting = false;
                return null;
            }

            if (!KnownResourceStates.TerminalStates.Contains(observation.State))
            {
                return null;
            }

            var diedRunning = previous == KnownResourceStates.Running;
            var restartFailed = _restarting && previous == KnownResourceStates.Starting;
            if (!diedRunning && !restartFailed)
            {
                return null;
            }

            if (diedRunning && observation.StoppedAt - observation.StartedAt >= RestartBackoff.StableRun)
            {
                _consecutiveExits = 0;
            }

            return NextPlan(observation.ExitCode);
        }
    }

    /// <summary>The mesh is about to start the process again.</summary>
    internal void Restarting()
    {
        lock (_gate)
        {
            _restarting = true;
        }
    }

    /// <summary>The start the mesh asked for was refused; the next try waits longer.</summary>
    internal RestartPlan StartRefused()
    {
        lock (_gate)
        {
            return NextPlan(exitCode: null);
        }
    }

    private RestartPlan NextPlan(int? exitCode)
    {
        _consecutiveExits++;
        _restarts++;
        return new RestartPlan(_restarts, _consecutiveExits, exitCode, RestartBackoff.Delay(_consecutiveExits));
    }
}

using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal.Restarts;

namespace Mesh.Hosting.Tests.Restarts;

/// <summary>The state sequences are the ones DCP reports under Aspire 13.6.5 for an executable (measured).</summary>
public sealed class ProcessExitTrackerTests
{
    private static readonly DateTime Start = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Observe_RunningThenFinished_PlansTheFirstRestartAfterOneSecond()
    {
        var tracker = new ProcessExitTracker();

        var plans = Feed(tracker, Running(), Finished(ran: TimeSpan.FromSeconds(5), exitCode: -1));

        var plan = Assert.Single(plans);
        Assert.Equal(new RestartPlan(Restart: 1, ConsecutiveExits: 1, ExitCode: -1, Delay: TimeSpan.FromSeconds(1)), plan);
    }

    [Fact]
    public void Observe_StopCommand_StoppingThenFinished_PlansNothing()
    {
        var plans = Feed(new ProcessExitTracker(), Running(), State(KnownResourceStates.Stopping), Finished(ran: TimeSpan.FromSeconds(5), exitCode: -1));

        Assert.Empty(plans);
    }

    [Fact]
    public void Observe_RestartCommand_PlansNothing()
    {
        var plans = Feed(
            new ProcessExitTracker(),
            Running(),
            State(KnownResourceStates.Stopping),
            Finished(ran: TimeSpan.FromSeconds(5), exitCode: -1),
            State(KnownResourceStates.Starting),
            State(null),
            Running());

        Assert.Empty(plans);
    }

    [Fact]
    public void Observe_SnapshotsWithoutState_DoNotHideAnExit()
    {
        var plans = Feed(new ProcessExitTracker(), Running(), State(null), Finished(ran: TimeSpan.FromSeconds(5), exitCode: 137));

        Assert.Equal(137, Assert.Single(plans).ExitCode);
    }

    [Fact]
    public void Observe_FailedToStartOnItsOwnStart_PlansNothing()
    {
        // A program that never ran (a start-up error at AppHost start) is the developer's to fix, not a crash.
        var plans = Feed(new ProcessExitTracker(), State(KnownResourceStates.Starting), State(KnownResourceStates.FailedToStart));

        Assert.Empty(plans);
    }

    [Fact]
    public void Observe_TheMeshsOwnStartFails_PlansTheNextTryWithTwiceTheDelay()
    {
        var tracker = new ProcessExitTracker();
        Feed(tracker, Running(), Finished(ran: TimeSpan.FromSeconds(5), exitCode: -1));

        tracker.Restarting();
        var plans = Feed(tracker, State(KnownResourceStates.Starting), State(KnownResourceStates.FailedToStart));

        var plan = Assert.Single(plans);
        Assert.Equal(2, plan.Restart);
        Assert.Equal(TimeSpan.FromSeconds(2), plan.Delay);
    }

    [Fact]
    public void Observe_KeepsDyingAtStart_DelaysDouble()
    {
        var tracker = new ProcessExitTracker();

        var delays = Enumerable.Range(0, 4)
            .SelectMany(_ => Feed(tracker, Running(), Finished(ran: TimeSpan.FromSeconds(1), exitCode: 1)))
            .Select(p => p.Delay.TotalSeconds);

        Assert.Equal([1.0, 2, 4, 8], delays);
    }

    [Fact]
    public void Observe_AfterAStableRun_TheDelayStartsAgainButTheCountGoesOn()
    {
        var tracker = new ProcessExitTracker();
        Feed(tracker, Running(), Finished(ran: TimeSpan.FromSeconds(1), exitCode: 1));
        Feed(tracker, Running(), Finished(ran: TimeSpan.FromSeconds(1), exitCode: 1));

        var plan = Assert.Single(Feed(tracker, Running(), Finished(ran: RestartBackoff.StableRun, exitCode: -1)));

        Assert.Equal(3, plan.Restart);
        Assert.Equal(1, plan.ConsecutiveExits);
        Assert.Equal(TimeSpan.FromSeconds(1), plan.Delay);
    }

    [Fact]
    public void StartRefused_CountsAsAnotherExit()
    {
        var tracker = new ProcessExitTracker();
        Feed(tracker, Running(), Finished(ran: TimeSpan.FromSeconds(5), exitCode: -1));

        var plan = tracker.StartRefused();

        Assert.Equal(new RestartPlan(Restart: 2, ConsecutiveExits: 2, ExitCode: null, Delay: TimeSpan.FromSeconds(2)), plan);
    }

    private static List<RestartPlan> Feed(ProcessExitTracker tracker, params ProcessObservation[] observations) =>
        [.. observations.Select(tracker.Observe).OfType<RestartPlan>()];

    private static ProcessObservation Running() => new(KnownResourceStates.Running, null, Start, null);

    private static ProcessObservation State(string? state) => new(state, null, Start, null);

    private static ProcessObservation Finished(TimeSpan ran, int exitCode) => new(KnownResourceStates.Finished, exitCode, Start, Start + ran);
}

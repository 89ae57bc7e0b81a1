namespace Mesh.Bench.Startup;

/// <summary>A sidecar's start, timed from outside.</summary>
/// <param name="ListeningMs">From starting the process to its admin port accepting a connection.</param>
/// <param name="ReadyMs">From starting the process to <c>/readyz</c> answering 200.</param>
/// <param name="ReadyAfterAnswerMs">From the control plane's first answer to <c>/readyz</c> answering 200 (null if it never answered).</param>
internal sealed record SidecarStart(double ListeningMs, double ReadyMs, double? ReadyAfterAnswerMs);

/// <summary>
/// Times a starting program: polls until it accepts connections, then until it is ready, and relates both to when it was
/// started and to when its control plane first answered it. Each moment is taken when the poll that saw it returned, so
/// each figure is an upper bound, late by at most one poll interval and one probe.
/// </summary>
internal static class ReadinessTiming
{
    public static async Task<SidecarStart> MeasureAsync(TimeProvider time, long startedAt, Func<CancellationToken, Task<bool>> accepting,
        Func<CancellationToken, Task<bool>> ready, Func<long?> firstAnswer, TimeSpan poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(firstAnswer);
        var listeningAt = await PollAsync(time, accepting, poll, cancellationToken);
        var readyAt = await PollAsync(time, ready, poll, cancellationToken);
        var answeredAt = firstAnswer();
        return new SidecarStart(
            time.GetElapsedTime(startedAt, listeningAt).TotalMilliseconds,
            time.GetElapsedTime(startedAt, readyAt).TotalMilliseconds,
            answeredAt is { } answered ? time.GetElapsedTime(answered, readyAt).TotalMilliseconds : null);
    }

    private static async Task<long> PollAsync(TimeProvider time, Func<CancellationToken, Task<bool>> condition, TimeSpan poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (!await condition(cancellationToken))
        {
            await Task.Delay(poll, time, cancellationToken);
        }

        return time.GetTimestamp();
    }
}

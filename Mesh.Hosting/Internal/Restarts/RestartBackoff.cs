namespace Aspire.Hosting.Internal.Restarts;

/// <summary>
/// How long the mesh waits before it starts a dead process again: Kubernetes' CrashLoopBackOff, scaled to a laptop.
/// The kubelet waits 10 s, doubling to a 5-minute cap, and forgets after 10 minutes of running; a developer wants a
/// killed sidecar back within a second or two, and a process that dies at every start still must not spin.
/// </summary>
internal static class RestartBackoff
{
    /// <summary>The wait before the first restart after a stable run.</summary>
    internal static readonly TimeSpan First = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait: a process that keeps dying is tried once a minute.</summary>
    internal static readonly TimeSpan Longest = TimeSpan.FromSeconds(60);

    /// <summary>A run at least this long was healthy: the next exit starts the doubling again from <see cref="First"/>.</summary>
    internal static readonly TimeSpan StableRun = TimeSpan.FromSeconds(60);

    /// <summary>The wait before restart number <paramref name="consecutiveExits"/> since the last stable run (1, 2, ...).</summary>
    internal static TimeSpan Delay(int consecutiveExits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutiveExits, 1);

        // Doubling past the cap overflows long before the exponent matters; 2^6 s already passes a minute.
        var doublings = Math.Min(consecutiveExits - 1, 30);
        var delay = First * Math.Pow(2, doublings);
        return delay < Longest ? delay : Longest;
    }
}

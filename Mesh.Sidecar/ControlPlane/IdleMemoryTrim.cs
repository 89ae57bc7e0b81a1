using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>
/// Gives back what traffic grew once the sidecar has been quiet for a while (<see cref="MemoryTrim"/>): a laptop's
/// sidecars sit idle most of the time between the requests a developer makes, and each would otherwise keep the heap a
/// burst left, the pages of code and data it touched, until the next burst. Once per quiet spell, after
/// <see cref="QuietFor"/> with no request finished; the next request finds the heap empty and its code a minor fault away.
/// </summary>
internal sealed partial class IdleMemoryTrim(TrafficStats stats, TimeProvider time, ILogger<IdleMemoryTrim> logger) : BackgroundService
{
    /// <summary>How long no request may finish before the sidecar counts as idle.</summary>
    public static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(10);

    /// <summary>How often the request counters are read.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var quiet = new QuietSpell(stats.FinishedRequests, time.GetTimestamp());
        using var timer = new PeriodicTimer(Every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (quiet.ShouldTrim(stats.FinishedRequests, time.GetTimestamp(), time))
                {
                    var (before, after, image) = MemoryTrim.Run();
                    Log.Trimmed(logger, before, after, image);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Decides when to trim from successive reads of the finished-request count: once, after <see cref="QuietFor"/>
    /// without a new request, and not again until requests have come and gone. The start's own trim covers the time
    /// before the first request (<see cref="StartupMemoryTrim"/>).
    /// </summary>
    internal sealed class QuietSpell(long requests, long timestamp)
    {
        private long _seen = requests;
        private long _since = timestamp;
        private long _trimmedAt = requests;

        public bool ShouldTrim(long requests, long timestamp, TimeProvider time)
        {
            if (requests != _seen)
            {
                _seen = requests;
                _since = timestamp;
                return false;
            }

            if (requests == _trimmedAt || time.GetElapsedTime(_since, timestamp) < QuietFor)
            {
                return false;
            }

            _trimmedAt = requests;
            return true;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(462, LogLevel.Debug, "Idle: memory returned: {Before} MiB -> {After} MiB resident ({Image} MiB of the program's image let go)")]
        public static partial void Trimmed(ILogger logger, long before, long after, long image);
    }
}

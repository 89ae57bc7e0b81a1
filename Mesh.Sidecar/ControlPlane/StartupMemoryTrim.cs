using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>
/// Gives the start-up's garbage back to the operating system once the first snapshot is in force (a second later). Starting a sidecar
/// (configuration binding, the host, telemetry, the certificate, the first snapshot's JSON) allocates several times
/// what a configured sidecar keeps alive, and the GC keeps the pages it collected in its regions for the next
/// allocations: measured by bench/ on the Native AOT sidecar, a configured idle sidecar sat several MiB above what
/// it holds. One compacting, decommitting collection at that moment costs a few milliseconds, before the sidecar
/// carries traffic; traffic afterwards grows the heap only to the GC's gen0 budget again. The program's image gets the
/// same treatment (<see cref="MemoryTrim"/>): the start mapped nearly all of it, traffic uses a part. After traffic,
/// <see cref="IdleMemoryTrim"/> does the same once the sidecar is quiet.
/// </summary>
internal sealed partial class StartupMemoryTrim(SnapshotApplier snapshots, TimeProvider time, ILogger<StartupMemoryTrim> logger) : BackgroundService
{
    /// <summary>
    /// How long after the first snapshot: the moment it is applied the sidecar turns ready, and a trim then would compete
    /// with that for the cores and make the pages it is using be read again (bench/ measured readiness 4 ms later).
    /// </summary>
    public static readonly TimeSpan AfterFirstSnapshot = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await snapshots.FirstApplied.WaitAsync(stoppingToken);
            await Task.Delay(AfterFirstSnapshot, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var (before, after, image) = MemoryTrim.Run();
        Log.Trimmed(logger, before, after, image);
    }

    private static partial class Log
    {
        [LoggerMessage(461, LogLevel.Debug, "Start-up memory returned: {Before} MiB -> {After} MiB resident ({Image} MiB of the program's image let go)")]
        public static partial void Trimmed(ILogger logger, long before, long after, long image);
    }
}

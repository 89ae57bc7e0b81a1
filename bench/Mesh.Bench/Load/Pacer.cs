using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Mesh.Bench.Load;

/// <summary>
/// Sleeps until a <see cref="Stopwatch"/> timestamp without spinning: the load generator shares two cores
/// with the processes it measures, so it must not burn one waiting. <see cref="Thread.Sleep(int)"/> has
/// millisecond granularity, too coarse for 0.5 ms send intervals; <c>nanosleep</c> wakes within tens of
/// microseconds, and lateness is measured anyway (requests are timed from their scheduled send time).
/// </summary>
internal static partial class Pacer
{
    private static readonly double s_nanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    public static void SleepUntil(long timestamp)
    {
        var remaining = timestamp - Stopwatch.GetTimestamp();
        if (remaining <= 0)
        {
            return;
        }

        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Thread.Sleep(TimeSpan.FromTicks((long)(remaining * s_nanosecondsPerTick / 100)));
            return;
        }

        var nanoseconds = (long)(remaining * s_nanosecondsPerTick);
        var request = new TimeSpec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
        _ = NanoSleep(ref request, IntPtr.Zero);
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(ref TimeSpec request, IntPtr remaining);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

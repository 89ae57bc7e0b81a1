using System.Globalization;

namespace Mesh.Bench.Measurement;

/// <summary>One reading of a process's CPU time and memory from <c>/proc</c>.</summary>
/// <param name="CpuSeconds">User plus system time of all its threads (and of the children counted with it).</param>
/// <param name="RssKiB">Resident set now (<c>VmRSS</c>).</param>
/// <param name="HwmKiB">Peak resident set since it started (<c>VmHWM</c>).</param>
/// <param name="SystemSeconds">The system (kernel) part of <paramref name="CpuSeconds"/>.</param>
internal readonly record struct ProcSample(double CpuSeconds, long RssKiB, long HwmKiB, double SystemSeconds = 0)
{
    public static ProcSample operator +(ProcSample a, ProcSample b) =>
        new(a.CpuSeconds + b.CpuSeconds, a.RssKiB + b.RssKiB, a.HwmKiB + b.HwmKiB, a.SystemSeconds + b.SystemSeconds);
}

/// <summary>
/// Reads <c>/proc/&lt;pid&gt;/stat</c> (utime + stime, in clock ticks) and <c>/proc/&lt;pid&gt;/status</c> (VmRSS,
/// VmHWM). A process with children (nginx's master and its worker) is read as the sum of the tree.
/// </summary>
internal static class ProcStats
{
    // USER_HZ: the unit of utime and stime. 100 on every Linux ABI .NET runs on.
    private const double ClockTicksPerSecond = 100;

    public static bool IsSupported => OperatingSystem.IsLinux() && File.Exists("/proc/self/stat");

    /// <summary>Reads <paramref name="pid"/> and its descendants; zeros when it is gone.</summary>
    public static ProcSample ReadTree(int pid)
    {
        var total = Read(pid);
        foreach (var child in Children(pid))
        {
            total += ReadTree(child);
        }

        return total;
    }

    public static ProcSample Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state); utime is field 14, stime field 15.
            var systemTicks = long.Parse(fields[12], CultureInfo.InvariantCulture);
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + systemTicks;
            long rss = 0, hwm = 0;
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = ParseKiB(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = ParseKiB(line);
                }
            }

            return new ProcSample(ticks / ClockTicksPerSecond, rss, hwm, systemTicks / ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return default;
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        var path = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task/{pid.ToString(CultureInfo.InvariantCulture)}/children";
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return [];
        }

        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture));
    }

    private static long ParseKiB(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
}

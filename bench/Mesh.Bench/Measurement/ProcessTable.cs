using System.Globalization;

namespace Mesh.Bench.Measurement;

/// <summary>One process as <c>/proc</c> shows it.</summary>
/// <param name="ParentPid">Its parent now (a process whose parent exited is re-parented, usually to init).</param>
/// <param name="SessionId">The session it belongs to (a session leader's pid is its session id).</param>
/// <param name="StartTicks">When it started, in clock ticks (1/100 s) since boot; with the pid, it names the process.</param>
/// <param name="Exited">A zombie: it has exited and waits for its parent to reap it.</param>
/// <param name="CommandLine">Its arguments joined by spaces (empty for kernel threads and zombies).</param>
internal sealed record ProcessEntry(int Pid, int ParentPid, int SessionId, long StartTicks, bool Exited, string CommandLine)
{
    /// <summary>Its start in seconds after <paramref name="other"/>'s.</summary>
    public double SecondsAfter(ProcessEntry other) => (StartTicks - other.StartTicks) / ProcessTable.TicksPerSecond;
}

/// <summary>Reads the machine's processes from <c>/proc</c> (Linux only; empty elsewhere).</summary>
internal static class ProcessTable
{
    // USER_HZ, the unit of /proc's start times: 100 on every Linux ABI .NET runs on.
    public const double TicksPerSecond = 100;

    public static IReadOnlyList<ProcessEntry> Read()
    {
        if (!ProcStats.IsSupported)
        {
            return [];
        }

        var entries = new List<ProcessEntry>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>The process <paramref name="pid"/>, or null when there is none.</summary>
    public static ProcessEntry? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{Invariant(pid)}/stat");
            var commandLine = File.ReadAllText($"/proc/{Invariant(pid)}/cmdline").TrimEnd('\0').Replace('\0', ' ');
            return Parse(pid, stat, commandLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // gone between the listing and the read, or not ours to read
        }
    }

    /// <summary>Reads a <c>/proc/&lt;pid&gt;/stat</c> line.</summary>
    public static ProcessEntry Parse(int pid, string stat, string commandLine)
    {
        ArgumentNullException.ThrowIfNull(stat);
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        // fields[0] is field 3 (state), [1] the parent (4), [3] the session (6), [19] the start time (22).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return new ProcessEntry(pid,
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            int.Parse(fields[3], CultureInfo.InvariantCulture),
            long.Parse(fields[19], CultureInfo.InvariantCulture),
            fields[0] is "Z" or "X",
            commandLine);
    }

    /// <summary>The environment <paramref name="pid"/> started with (empty when it is gone or not readable).</summary>
    public static IReadOnlyDictionary<string, string> Environment(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{Invariant(pid)}/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Dictionary<string, string>();
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                environment[pair[..equals]] = pair[(equals + 1)..];
            }
        }

        return environment;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}

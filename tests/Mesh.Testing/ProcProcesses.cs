using System.Globalization;

namespace Mesh.Testing;

/// <summary>The machine's processes as Linux's /proc shows them (the suites that read processes run on Linux).</summary>
public static class ProcProcesses
{
    /// <summary>The ids of the processes running now.</summary>
    public static IEnumerable<int> Ids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(directory => int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    /// <summary>A process's command line, its arguments joined by spaces; empty once it has ended.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return ""; // It ended while we looked.
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Mesh.Testing;

namespace MeshHost.IntegrationTests.Reliability;

/// <summary>The operating-system processes behind the AppHost's resources, read from /proc (the suite runs on Linux).</summary>
internal static class MeshProcesses
{
    /// <summary>The process id DCP started for a resource, from its dashboard snapshot (<c>executable.pid</c>), or null.</summary>
    public static int? LauncherPid(BookinfoFixture fixture, string resource) => LauncherPid(fixture.App, resource);

    /// <summary>The process id DCP started for a resource of <paramref name="app"/>, from its dashboard snapshot, or null.</summary>
    public static int? LauncherPid(DistributedApplication app, string resource) =>
        int.TryParse(ResourceSnapshots.Property(app, resource, "executable.pid"), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
            ? pid
            : null;

    /// <summary>
    /// The process that serves <paramref name="resource"/>. The mesh's programs are the process DCP started; so is a meshed
    /// project, which the mesh starts from its build output; a project Aspire starts through <c>dotnet run</c> is the
    /// launcher's descendant. Either way, the one process of that tree whose command line names <paramref name="assembly"/>.
    /// </summary>
    public static int Serving(BookinfoFixture fixture, string resource, string? assembly = null)
    {
        var launcher = LauncherPid(fixture, resource) ?? throw new InvalidOperationException($"{resource} has no process id in its snapshot");
        if (assembly is null)
        {
            return launcher;
        }

        var app = Descendants(launcher).Prepend(launcher).Where(pid => ProcProcesses.CommandLine(pid).Contains(assembly, StringComparison.Ordinal)).ToArray();
        return app.Length == 1
            ? app[0]
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{resource}: expected one process running {assembly} under pid {launcher}, found [{string.Join(", ", app.Select(p => $"{p}: {ProcProcesses.CommandLine(p)}"))}]"));
    }

    /// <summary>kill -9: <see cref="Process.Kill()"/> sends SIGKILL on Unix; the process gets no chance to clean up.</summary>
    public static void Kill9(int pid)
    {
        using var process = Process.GetProcessById(pid);
        process.Kill();
    }

    /// <summary>Resident memory (<c>VmRSS</c> in /proc/&lt;pid&gt;/status), in bytes.</summary>
    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                // "VmRSS:     41236 kB"
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidDataException($"/proc/{pid}/status has no VmRSS line");
    }

    private static List<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var pid in ProcProcesses.Ids())
        {
            if (ParentOf(pid) is { } parent)
            {
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
        }

        var found = new List<int>();
        var pending = new Queue<int>([root]);
        while (pending.TryDequeue(out var pid))
        {
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                found.Add(child);
                pending.Enqueue(child);
            }
        }

        return found;
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ...", and comm may hold spaces or parentheses.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null; // It ended while we looked.
        }
    }
}

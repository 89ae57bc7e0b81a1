using System.Globalization;
using Mesh.Bench.Measurement;

namespace Mesh.Bench.AppHosts;

/// <summary>
/// The processes an AppHost run started, found in successive readings of the process table. A process belongs to the
/// run when it is the root (<c>dotnet run</c>) or a child of a member; when it is in a session a member leads; or when
/// its command line says it monitors a member (<c>--monitor &lt;pid&gt;</c>). The last rule is how DCP is found: its API
/// server detaches (a session of its own, re-parented to init) and is told which AppHost to watch, and everything it
/// starts (the dashboard, the programs, each resource's monitor) runs in a session its controller leads.
/// A member is remembered after it exits, so what it started is still recognised, and a pid the kernel reuses for a
/// process that started later is a different process.
/// </summary>
internal sealed class ProcessTree(int rootPid)
{
    private readonly Dictionary<int, ProcessEntry> _members = [];

    /// <summary>Every process seen as a member, in the order they were found.</summary>
    public IReadOnlyCollection<ProcessEntry> Members => _members.Values;

    /// <summary>Adds the members in <paramref name="table"/> and returns those not seen before.</summary>
    public IReadOnlyList<ProcessEntry> Update(IReadOnlyList<ProcessEntry> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var added = new List<ProcessEntry>();
        bool grew;
        do
        {
            grew = false;
            foreach (var entry in table)
            {
                if (IsMember(entry) || !Joins(entry))
                {
                    continue;
                }

                _members[entry.Pid] = entry;
                added.Add(entry);
                grew = true;
            }
        }
        while (grew);

        return added;
    }

    /// <summary>The members still running in <paramref name="table"/> (same pid, same start, not a zombie).</summary>
    public IReadOnlyList<ProcessEntry> Running(IReadOnlyList<ProcessEntry> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return [.. table.Where(e => !e.Exited && IsMember(e))];
    }

    private bool IsMember(ProcessEntry entry) =>
        _members.TryGetValue(entry.Pid, out var member) && member.StartTicks == entry.StartTicks;

    private bool Joins(ProcessEntry entry)
    {
        if (entry.Pid == rootPid)
        {
            return true;
        }

        // A member's pid that was reused names a process that started after it: not its child.
        if (_members.TryGetValue(entry.ParentPid, out var parent) && parent.StartTicks <= entry.StartTicks)
        {
            return true;
        }

        if (_members.ContainsKey(entry.SessionId))
        {
            return true;
        }

        return _members.Keys.Any(pid => entry.CommandLine.Contains($"--monitor {pid.ToString(CultureInfo.InvariantCulture)} ", StringComparison.Ordinal)
            || entry.CommandLine.EndsWith($"--monitor {pid.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal));
    }
}

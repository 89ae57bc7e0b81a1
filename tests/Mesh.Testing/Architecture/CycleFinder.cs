namespace Mesh.Testing.Architecture;

/// <summary>Strongly connected sets of folders (Tarjan's algorithm), each with the shortest cycle through each folder to quote.</summary>
internal static class CycleFinder
{
    public static IReadOnlyList<DependencyCycle> Find(IReadOnlyList<string> folders, IReadOnlyList<FolderDependency> dependencies)
    {
        var successors = folders.ToDictionary(f => f, f => dependencies.Where(d => d.From == f).ToList(), StringComparer.Ordinal);
        var position = folders.Select((f, i) => (f, i)).ToDictionary(p => p.f, p => p.i, StringComparer.Ordinal);
        var cycles = new List<DependencyCycle>();
        foreach (var set in StronglyConnected(folders, successors).Where(s => s.Count > 1))
        {
            var members = folders.Where(set.Contains).ToList();
            var inside = dependencies.Where(d => set.Contains(d.From) && set.Contains(d.To)).ToList();
            var paths = new List<IReadOnlyList<FolderDependency>>();
            foreach (var path in members.Select(m => ShortestCycle(m, set, successors)))
            {
                // The same cycle found from another of its folders.
                if (!paths.Any(p => p.Count == path.Count && p.All(path.Contains)))
                {
                    paths.Add(path);
                }
            }

            cycles.Add(new DependencyCycle(members, paths, inside));
        }

        return [.. cycles.OrderBy(c => position[c.Folders[0]])];
    }

    private static List<HashSet<string>> StronglyConnected(IReadOnlyList<string> folders, Dictionary<string, List<FolderDependency>> successors)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var lowLink = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var sets = new List<HashSet<string>>();

        void Visit(string folder)
        {
            index[folder] = lowLink[folder] = index.Count;
            stack.Push(folder);
            onStack.Add(folder);
            foreach (var next in successors[folder].Select(d => d.To))
            {
                if (!index.TryGetValue(next, out var seen))
                {
                    Visit(next);
                    lowLink[folder] = Math.Min(lowLink[folder], lowLink[next]);
                }
                else if (onStack.Contains(next))
                {
                    lowLink[folder] = Math.Min(lowLink[folder], seen);
                }
            }

            if (lowLink[folder] == index[folder])
            {
                var set = new HashSet<string>(StringComparer.Ordinal);
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    set.Add(member);
                }
                while (member != folder);
                sets.Add(set);
            }
        }

        foreach (var folder in folders.Where(f => !index.ContainsKey(f)))
        {
            Visit(folder);
        }

        return sets;
    }

    // Breadth first from start's successors back to start, inside the set, so the path quoted is as short as any.
    private static List<FolderDependency> ShortestCycle(string start, HashSet<string> set, Dictionary<string, List<FolderDependency>> successors)
    {
        var cameBy = new Dictionary<string, FolderDependency>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var folder = queue.Dequeue();
            foreach (var step in successors[folder].Where(d => set.Contains(d.To)))
            {
                if (step.To == start)
                {
                    var path = new List<FolderDependency> { step };
                    for (var at = folder; at != start; at = cameBy[at].From)
                    {
                        path.Insert(0, cameBy[at]);
                    }

                    return path;
                }

                if (cameBy.TryAdd(step.To, step))
                {
                    queue.Enqueue(step.To);
                }
            }
        }

        throw new InvalidOperationException($"{start} is in a strongly connected set but no cycle returns to it.");
    }
}

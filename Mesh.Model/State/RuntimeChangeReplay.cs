using Mesh.Model.Parsing;
using Mesh.Model.Resources;
using Mesh.Model.Validation;

namespace Mesh.Model.State;

/// <summary>
/// Plays a run-time change log in order: the resources it leaves, and the shortest log that leaves the same ones (the
/// applies that still set a resource, in their order, then a delete for each resource they set that is gone).
/// </summary>
internal sealed class RuntimeChangeReplay
{
    private readonly IReadOnlyList<RuntimeChange> _changes;

    // Which apply (by index in the log) last set each resource still in force, and which resources each apply set.
    private readonly Dictionary<ResourceKey, int> _setBy = [];
    private readonly Dictionary<int, List<ResourceKey>> _keysOf = [];

    private RuntimeChangeReplay(IReadOnlyList<RuntimeChange> changes) => _changes = changes;

    /// <summary>The run-time layer the log leads to.</summary>
    public Dictionary<ResourceKey, ConfigResource> Resources { get; } = [];

    /// <summary>Which change (by index in the log) set each resource of <see cref="Resources"/>: publishing writes its text.</summary>
    public IReadOnlyDictionary<ResourceKey, int> SetBy => _setBy;

    /// <summary>Why applies were left out: their text no longer reads.</summary>
    public List<ConfigDiagnostic> Skipped { get; } = [];

    public static RuntimeChangeReplay Of(IReadOnlyList<RuntimeChange> changes)
    {
        var replay = new RuntimeChangeReplay(changes);
        for (var i = 0; i < changes.Count; i++)
        {
            replay.Play(i, changes[i]);
        }

        return replay;
    }

    /// <summary>The records that lead to the same resources, each apply kept whole (its text exactly as sent).</summary>
    public List<RuntimeChange> Compacted()
    {
        var kept = _setBy.Values.Distinct().Order().ToList();
        var compacted = kept.Select(i => _changes[i]).ToList();
        var set = kept.SelectMany(i => _keysOf[i]).Distinct();
        compacted.AddRange(set.Where(key => !Resources.ContainsKey(key)).Select(RuntimeChange.Delete));
        return compacted;
    }

    private void Play(int index, RuntimeChange change)
    {
        if (change.Operation == RuntimeChange.ApplyOperation)
        {
            var read = ResourceReader.Read(change.Text!, ResourceReader.RequestSource);
            if (read.HasErrors)
            {
                Skipped.AddRange(read.Diagnostics);
                return;
            }

            _keysOf[index] = [.. read.Resources.Select(static r => r.Key)];
            foreach (var resource in read.Resources)
            {
                Resources[resource.Key] = resource;
                _setBy[resource.Key] = index;
            }
        }
        else
        {
            var key = change.Key;
            Resources.Remove(key);
            _setBy.Remove(key);
        }
    }
}

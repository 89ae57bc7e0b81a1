using Mesh.Model.Resources;
using Mesh.Model.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mesh.Model.Parsing;

/// <summary>
/// Reads one YAML mapping field by field. Each field is either read (implemented), declared unsupported
/// (a warning), or declared ignored; <see cref="Complete"/> reports every other key as an unknown field, so
/// nothing in a document is dropped silently.
/// </summary>
internal sealed class YamlObject
{
    private readonly List<(string Key, YamlNode KeyNode, YamlNode Value)> _entries = [];
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public YamlObject(ReadContext context, YamlMappingNode node, string path)
    {
        Context = context;
        Path = path;
        Start = node.Start;
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode { Value: { } name })
            {
                _entries.Add((name, key, value));
                context.Record(FieldPath.Field(path, name), value.Start);
            }
            else
            {
                context.Error(DiagnosticCodes.InvalidValue, path, key.Start, "field names must be strings");
            }
        }
    }

    public ReadContext Context { get; }

    public string Path { get; }

    public Mark Start { get; }

    public string Child(string key) => FieldPath.Field(Path, key);

    /// <summary>Whether <paramref name="key"/> is present with a non-null value.</summary>
    public bool Has(string key) => TryGet(key, out _);

    /// <summary>The position of <paramref name="key"/>'s value, or of this object.</summary>
    public Mark MarkOf(string key) => TryGet(key, out var node) ? node.Start : Start;

    public string? String(string key) =>
        TryGet(key, out var node) ? Scalars.String(Context, Child(key), node) : null;

    public int? Int(string key) =>
        TryGet(key, out var node) ? Scalars.Int(Context, Child(key), node) : null;

    public double? Double(string key) =>
        TryGet(key, out var node) ? Scalars.Double(Context, Child(key), node) : null;

    public bool? Bool(string key) =>
        TryGet(key, out var node) ? Scalars.Bool(Context, Child(key), node) : null;

    public TimeSpan? Duration(string key) =>
        TryGet(key, out var node) ? Scalars.Duration(Context, Child(key), node) : null;

    public TEnum? Enum<TEnum>(string key, IReadOnlyDictionary<string, TEnum> values)
        where TEnum : struct =>
        TryGet(key, out var node) ? Scalars.Enum(Context, Child(key), node, values) : null;

    public IReadOnlyList<string> StringList(string key) =>
        TryGet(key, out var node) ? Scalars.StringList(Context, Child(key), node) : [];

    public IReadOnlyList<int> IntList(string key)
    {
        if (!TryGet(key, out var node))
        {
            return [];
        }

        var path = Child(key);
        if (node is not YamlSequenceNode sequence)
        {
            Context.Error(DiagnosticCodes.InvalidValue, path, node.Start, "expected a list of integers");
            return [];
        }

        var items = new List<int>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (Scalars.Int(Context, FieldPath.Item(path, i), sequence.Children[i]) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    public IReadOnlyDictionary<string, string> StringMap(string key) =>
        TryGet(key, out var node) ? Scalars.StringMap(Context, Child(key), node) : Empty.Map;

    /// <summary>Reads a nested object with <paramref name="read"/>; null when absent or not a mapping.</summary>
    public T? Object<T>(string key, Func<YamlObject, T> read)
        where T : class
    {
        if (!TryGet(key, out var node))
        {
            return null;
        }

        return ReadObject(Context, Child(key), node, read);
    }

    /// <summary>Reads a list of objects; items that are not mappings are reported and skipped.</summary>
    public IReadOnlyList<T> ObjectList<T>(string key, Func<YamlObject, T> read)
        where T : class
    {
        if (!TryGet(key, out var node))
        {
            return [];
        }

        var path = Child(key);
        if (node is not YamlSequenceNode sequence)
        {
            Context.Error(DiagnosticCodes.InvalidValue, path, node.Start, "expected a list");
            return [];
        }

        var items = new List<T>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = FieldPath.Item(path, i);
            Context.Record(itemPath, sequence.Children[i].Start);
            if (ReadObject(Context, itemPath, sequence.Children[i], read) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    /// <summary>Reads a map from names to objects, e.g. <c>headers: {end-user: {exact: jason}}</c>.</summary>
    public IReadOnlyDictionary<string, T> ObjectMap<T>(string key, Func<YamlObject, T> read)
        where T : class
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        if (!TryGet(key, out var node))
        {
            return result;
        }

        var path = Child(key);
        if (node is not YamlMappingNode mapping)
        {
            Context.Error(DiagnosticCodes.InvalidValue, path, node.Start, "expected a map");
            return result;
        }

        foreach (var (name, value) in mapping.Children)
        {
            if (name is not YamlScalarNode { Value: { } text })
            {
                Context.Error(DiagnosticCodes.InvalidValue, path, name.Start, "keys must be strings");
                continue;
            }

            var entryPath = FieldPath.Field(path, text);
            Context.Record(entryPath, value.Start);
            // A null entry ("x-user:" with no value) is an empty object: for a header match, presence.
            var content = Scalars.IsNull(value) ? new YamlMappingNode() : value;
            if (ReadObject(Context, entryPath, content, read) is { } item)
            {
                result[text] = item;
            }
        }

        return result;
    }

    /// <summary>Declares a field of the kind that the mesh does not implement: a warning if present.</summary>
    public void Unsupported(string key, string? reason = null)
    {
        if (TryGetEntry(key, out var entry))
        {
            Context.Warning(DiagnosticCodes.UnsupportedField, Child(key), entry.KeyNode.Start, reason ?? "not supported by the mesh; ignored");
        }
    }

    /// <summary>
    /// Reads a list the mesh cannot act on but must keep (so a policy can fail closed), with a warning if present.
    /// </summary>
    public IReadOnlyList<string> UnsupportedStringList(string key, string reason)
    {
        var values = StringList(key);
        if (values.Count > 0 && TryGetEntry(key, out var entry))
        {
            Context.Warning(DiagnosticCodes.UnsupportedField, Child(key), entry.KeyNode.Start, reason);
        }

        return values;
    }

    /// <summary>Declares a field accepted without effect (Kubernetes bookkeeping such as <c>metadata.uid</c>).</summary>
    public void Ignore(params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            _known.Add(key);
        }
    }

    /// <summary>Reports every key no read, <see cref="Unsupported"/> or <see cref="Ignore"/> asked about.</summary>
    public void Complete()
    {
        foreach (var (key, keyNode, _) in _entries)
        {
            if (!_known.Contains(key))
            {
                var suggestion = Suggestions.Closest(key, _known);
                var hint = suggestion is null ? "" : $"; did you mean \"{suggestion}\"?";
                Context.Error(DiagnosticCodes.UnknownField, Child(key), keyNode.Start, $"unknown field \"{key}\"{hint}");
            }
        }
    }

    /// <summary>Reads <paramref name="node"/> as an object with <paramref name="read"/>, then completes it.</summary>
    public static T? ReadObject<T>(ReadContext context, string path, YamlNode node, Func<YamlObject, T> read)
        where T : class
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(DiagnosticCodes.InvalidValue, path, node.Start, "expected an object");
            return null;
        }

        var reader = new YamlObject(context, mapping, path);
        var result = read(reader);
        reader.Complete();
        return result;
    }

    private bool TryGet(string key, out YamlNode value)
    {
        if (TryGetEntry(key, out var entry) && !Scalars.IsNull(entry.Value))
        {
            value = entry.Value;
            return true;
        }

        value = null!;
        return false;
    }

    private bool TryGetEntry(string key, out (string Key, YamlNode KeyNode, YamlNode Value) entry)
    {
        _known.Add(key);
        foreach (var candidate in _entries)
        {
            if (string.Equals(candidate.Key, key, StringComparison.Ordinal))
            {
                entry = candidate;
                return true;
            }
        }

        entry = default;
        return false;
    }
}

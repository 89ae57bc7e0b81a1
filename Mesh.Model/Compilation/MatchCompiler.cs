using Mesh.Model.Resources;
using Mesh.Model.Snapshots;

namespace Mesh.Model.Compilation;

/// <summary>Turns the resources' string matches and header operations into their compiled forms.</summary>
internal static class MatchCompiler
{
    /// <summary>Istio's StringMatch; with nothing set it accepts anything (<paramref name="whenEmpty"/>, or null for "no condition").</summary>
    public static StringMatchConfig? From(StringMatch? match, bool ignoreCase = false, StringMatchConfig? whenEmpty = null)
    {
        if (match is null)
        {
            return null;
        }

        if (match.Exact is not null)
        {
            return new StringMatchConfig { Kind = MatchKind.Exact, Value = match.Exact, IgnoreCase = ignoreCase };
        }

        if (match.Prefix is not null)
        {
            return new StringMatchConfig { Kind = MatchKind.Prefix, Value = match.Prefix, IgnoreCase = ignoreCase };
        }

        // Istio's ignoreUriCase is Envoy's case_sensitive, which a regular expression ignores.
        return match.Regex is not null
            ? new StringMatchConfig { Kind = MatchKind.Regex, Value = match.Regex }
            : whenEmpty;
    }

    public static StringMatchConfig Present { get; } = new() { Kind = MatchKind.Present };

    /// <summary>
    /// Named matches ordered by name; header names in lower case. An empty match (<c>{}</c>) and Istio's regex <c>*</c>
    /// (not a regular expression: Istio turns it into Envoy's <c>present_match</c>) ask only that the name be there.
    /// </summary>
    public static IReadOnlyList<NamedMatchConfig> Named(IReadOnlyDictionary<string, StringMatch> matches, bool headers) =>
        matches
            .Select(m => new NamedMatchConfig
            {
                Name = headers ? m.Key.ToLowerInvariant() : m.Key,
                Match = m.Value.Regex == "*" ? Present : From(m.Value, whenEmpty: Present)!,
            })
            .OrderBy(static m => m.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// An Istio authorization value: <c>*</c> (present), <c>prefix*</c>, <c>*suffix</c> or exact.
    /// </summary>
    public static StringMatchConfig Pattern(string value, bool ignoreCase = false)
    {
        if (value == "*")
        {
            return new StringMatchConfig { Kind = MatchKind.Present, IgnoreCase = ignoreCase };
        }

        if (value.EndsWith('*'))
        {
            return new StringMatchConfig { Kind = MatchKind.Prefix, Value = value[..^1], IgnoreCase = ignoreCase };
        }

        return value.StartsWith('*')
            ? new StringMatchConfig { Kind = MatchKind.Suffix, Value = value[1..], IgnoreCase = ignoreCase }
            : new StringMatchConfig { Kind = MatchKind.Exact, Value = value, IgnoreCase = ignoreCase };
    }

    public static IReadOnlyList<StringMatchConfig> Patterns(IEnumerable<string> values, bool ignoreCase = false) =>
        values.Select(v => Pattern(v, ignoreCase)).ToList();

    /// <summary>Istio's map-based header operations, ordered by header name.</summary>
    public static HeaderOperationsConfig? Headers(HeaderOperations? operations)
    {
        if (operations is null || operations.Set.Count + operations.Add.Count + operations.Remove.Count == 0)
        {
            return null;
        }

        return new HeaderOperationsConfig
        {
            Set = Values(operations.Set),
            Add = Values(operations.Add),
            Remove = operations.Remove.ToList(),
        };

        static List<HeaderValueConfig> Values(IReadOnlyDictionary<string, string> values) => values
            .OrderBy(static v => v.Key, StringComparer.Ordinal)
            .Select(static v => new HeaderValueConfig { Name = v.Key, Value = v.Value })
            .ToList();
    }

    /// <summary>The Gateway API's list-based header operations, in their given order.</summary>
    public static HeaderOperationsConfig? Headers(HttpHeaderFilter? filter)
    {
        if (filter is null)
        {
            return null;
        }

        return new HeaderOperationsConfig
        {
            Set = filter.Set.Select(static h => new HeaderValueConfig { Name = h.Name, Value = h.Value }).ToList(),
            Add = filter.Add.Select(static h => new HeaderValueConfig { Name = h.Name, Value = h.Value }).ToList(),
            Remove = filter.Remove.ToList(),
        };
    }
}

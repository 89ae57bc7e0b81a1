namespace Mesh.Model.Conventions;

/// <summary>Label selection as Kubernetes' <c>matchLabels</c>.</summary>
public static class Labels
{
    /// <summary>Whether <paramref name="labels"/> has every key and value of <paramref name="selector"/> (an empty selector selects all).</summary>
    public static bool Contain(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> selector)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(selector);
        foreach (var (key, value) in selector)
        {
            if (!labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <paramref name="labels"/> plus <c>app</c> and <c>version</c> when missing, sorted by key so equal label
    /// sets serialize equally. Every workload carries both (ARCHITECTURE.md, "Configuration flow"), as Bookinfo's
    /// pods do.
    /// </summary>
    public static IReadOnlyDictionary<string, string> WithIdentity(IReadOnlyDictionary<string, string> labels, string service, string version)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var result = Sorted(labels);
        result.TryAdd("app", service);
        result.TryAdd("version", version);
        return result;
    }

    /// <summary>A copy of <paramref name="labels"/> ordered by key.</summary>
    public static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            result[key] = value;
        }

        return result;
    }
}

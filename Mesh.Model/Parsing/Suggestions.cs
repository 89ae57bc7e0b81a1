namespace Mesh.Model.Parsing;

/// <summary>"Did you mean" for unknown field names: the closest known name within a small edit distance.</summary>
internal static class Suggestions
{
    public static string? Closest(string key, IEnumerable<string> known)
    {
        var normalized = Normalize(key);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            // per_try_timeout, PerTryTimeout and perTryTimeout all mean the same to a reader.
            var distance = string.Equals(Normalize(candidate), normalized, StringComparison.Ordinal) ? 0 : Distance(key, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        var allowed = key.Length <= 4 ? 1 : 2;
        return bestDistance <= allowed ? best : null;
    }

    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// A query parameter as Envoy's route matcher reads it: the name compared exactly after URL-decoding (ASP.NET's query
/// collection ignores case and merges <c>a</c> with <c>A</c>), and the first value when the parameter repeats (which the
/// Gateway API recommends too). Reads the raw query string, so a request that matches no query parameter allocates nothing.
/// </summary>
internal static class QueryParameter
{
    /// <summary>The decoded first value of <paramref name="name"/> in <paramref name="query"/> (<c>?a=1&amp;b=2</c>); null when absent.</summary>
    public static string? FirstValue(QueryString query, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var rest = query.HasValue ? query.Value.AsSpan(1) : default;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('&');
            var pair = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 1)..];
            var equals = pair.IndexOf('=');
            var key = equals < 0 ? pair : pair[..equals];
            if (NeedsDecoding(key) ? Decode(key) == name : key.SequenceEqual(name))
            {
                var value = equals < 0 ? default : pair[(equals + 1)..];
                return NeedsDecoding(value) ? Decode(value) : value.ToString();
            }
        }

        return null;
    }

    private static bool NeedsDecoding(ReadOnlySpan<char> text) => text.IndexOfAny('%', '+') >= 0;

    private static string Decode(ReadOnlySpan<char> text) => Uri.UnescapeDataString(text.ToString().Replace('+', ' '));
}

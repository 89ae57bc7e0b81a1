namespace Mesh.Model.Conventions;

/// <summary>
/// Finds the constructs of a .NET pattern that RE2 refuses, or that .NET reads differently from RE2, so a regex written
/// for Istio means the same here or is refused by name. A scan of the pattern's characters, escapes and character
/// classes; whatever it lets through is still parsed by .NET (<see cref="MatchRegex"/>).
/// </summary>
internal static class Re2Syntax
{
    private static readonly System.Buffers.SearchValues<char> s_counts = System.Buffers.SearchValues.Create("0123456789,");

    /// <summary>A description of the first unsupported construct, or null.</summary>
    public static string? FirstUnsupported(string pattern)
    {
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (!inClass && i + 1 < pattern.Length && Escape(pattern, i + 1) is { } escape)
                {
                    return escape;
                }

                i++;
            }
            else if (inClass)
            {
                if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
                {
                    return "a POSIX class such as [:alpha:] (.NET reads its characters one by one: write \\p{L}, [a-zA-Z] or the like)";
                }

                inClass = c != ']';
            }
            else if (c == '[')
            {
                inClass = true;
                // A ']' right after '[' or '[^' is a literal, not the class's end.
                i += pattern.AsSpan(i + 1).StartsWith("^]") ? 2 : pattern.AsSpan(i + 1).StartsWith("]") ? 1 : 0;
            }
            else if (c == '(' && i + 1 < pattern.Length && pattern[i + 1] == '?' && Group(pattern.AsSpan(i + 2)) is { } group)
            {
                return group;
            }
            else if (c is '*' or '+' or '?' or '}' && i + 1 < pattern.Length && pattern[i + 1] == '+' && EndsQuantifier(pattern, i))
            {
                return $"a possessive quantifier ({c}+)";
            }
        }

        return null;
    }

    private static string? Escape(string pattern, int index) => pattern[index] switch
    {
        >= '1' and <= '9' => $"a backreference (\\{pattern[index]})",
        'k' when index + 1 < pattern.Length && pattern[index + 1] is '<' or '\'' or '{' => "a named backreference (\\k<name>)",
        'G' => "\\G (where the previous match ended)",
        'Z' => "\\Z (the end or before a final newline; RE2 has \\z)",
        _ => null,
    };

    private static string? Group(ReadOnlySpan<char> rest)
    {
        if (rest.StartsWith("=") || rest.StartsWith("!"))
        {
            return "a lookahead (?= or (?!";
        }

        if (rest.StartsWith("<=") || rest.StartsWith("<!"))
        {
            return "a lookbehind (?<= or (?<!";
        }

        if (rest.StartsWith(">"))
        {
            return "an atomic group (?>";
        }

        if (rest.StartsWith("("))
        {
            return "a conditional (?(";
        }

        if (rest.StartsWith("#"))
        {
            return "a comment group (?#";
        }

        if (rest.StartsWith("P<"))
        {
            return "the named group (?P<name>, RE2's spelling that .NET does not read (write (?<name>)";
        }

        if (rest.StartsWith("<") || rest.StartsWith("'"))
        {
            var close = rest.IndexOfAny('>', '\'');
            return close > 0 && rest[1..close].Contains('-') ? "a balancing group (?<name1-name2>" : null;
        }

        // Inline options, (?imsx-imsx) or (?imsx-imsx:...): RE2 has i, m, s and U, .NET i, m, n, s and x.
        var end = rest.IndexOfAny(':', ')');
        if (end <= 0)
        {
            return null;
        }

        var flags = rest[..end];
        return flags.Contains('x') ? "the x flag (?x), which makes '#' start a comment"
            : flags.Contains('n') ? "the n flag (?n)"
            : null;
    }

    // Whether the character at index ends a quantifier, so a '+' after it makes it possessive ("a}" is a literal brace).
    private static bool EndsQuantifier(string pattern, int index)
    {
        if (pattern[index] != '}')
        {
            return index > 0;
        }

        var open = pattern.LastIndexOf('{', index);
        return open > 0 && pattern.AsSpan(open + 1, index - open - 1) is var counts && counts.Length > 0
            && counts.IndexOfAnyExcept(s_counts) < 0 && char.IsAsciiDigit(counts[0]);
    }
}

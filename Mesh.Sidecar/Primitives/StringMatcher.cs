using System.Text.RegularExpressions;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// One compiled <see cref="StringMatchConfig"/>: Istio's exact, prefix and regex (RE2 semantics as Envoy
/// applies them: the whole value must match), plus the Gateway API's segment-wise path prefix.
/// </summary>
internal sealed class StringMatcher
{
    private readonly MatchKind _kind;
    private readonly string _value;
    private readonly StringComparison _comparison;
    private readonly Regex? _regex;

    public StringMatcher(StringMatchConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _kind = config.Kind;
        _value = config.Value;
        _comparison = config.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (_kind == MatchKind.Regex)
        {
            // Exactly the regex the control plane validated (Mesh.Model's MatchRegex); throws when it is not one.
            _regex = MatchRegex.Create(config.Value, config.IgnoreCase);
        }
    }

    /// <summary>Whether <paramref name="value"/> (null when absent) matches.</summary>
    public bool Matches(string? value)
    {
        if (value is null)
        {
            return false;
        }

        return _kind switch
        {
            MatchKind.Exact => string.Equals(value, _value, _comparison),
            MatchKind.Prefix => value.StartsWith(_value, _comparison),
            MatchKind.Suffix => value.EndsWith(_value, _comparison),
            MatchKind.Present => true,
            MatchKind.PathPrefix => MatchesPathPrefix(value),
            MatchKind.Regex => SafeRegex(value),
            _ => false,
        };
    }

    /// <summary>
    /// <paramref name="path"/>, which this prefix match accepted, with the matched prefix replaced by
    /// <paramref name="replacement"/>; null when this is no prefix match (the caller replaces the whole path).
    /// </summary>
    /// <remarks>
    /// The two prefix kinds have two rules. The Gateway API's <c>PathPrefix</c> matches whole path elements, and its
    /// <c>ReplacePrefixMatch</c> replaces them: a trailing <c>/</c> of the prefix or the replacement is ignored and an empty
    /// result is <c>/</c> (<c>/foo/bar</c> by <c>/foo</c> → <c>/xyz</c> is <c>/xyz/bar</c>; <c>/foo</c> by <c>/foo</c> →
    /// <c>/xyz/</c> is <c>/xyz</c>). Istio's <c>prefix</c> is Envoy's, a string prefix, and its rewrite is Envoy's
    /// <c>prefix_rewrite</c>: the matched characters are replaced as written (<c>/v1/api</c> by <c>/v1</c> → <c>/</c> is
    /// <c>//api</c>, which is why Istio's examples end both with <c>/</c>).
    /// </remarks>
    public string? ReplacePrefix(string path, string replacement)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(replacement);
        var result = _kind switch
        {
            MatchKind.PathPrefix => replacement.TrimEnd('/') + path[Math.Min(_value.TrimEnd('/').Length, path.Length)..],
            MatchKind.Prefix => replacement + path[Math.Min(_value.Length, path.Length)..],
            _ => null,
        };
        return result?.Length == 0 ? "/" : result;
    }


    private bool MatchesPathPrefix(string path)
    {
        var prefix = _value.TrimEnd('/');
        if (prefix.Length == 0)
        {
            return true;
        }

        return path.StartsWith(prefix, _comparison) && (path.Length == prefix.Length || path[prefix.Length] == '/');
    }

    private bool SafeRegex(string value)
    {
        try
        {
            return _regex!.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            // Linear-time matching makes this unreachable but for inputs of megabytes; such a value does not match.
            return false;
        }
    }
}

using System.Text.RegularExpressions;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// One compiled <see cref="StringMatchConfig"/>: Istio's exact, prefix and regex (RE2 semantics as Envoy
/// applies them: the whole value must match), plus the Gateway API's segment-wise path prefix.
/// </summary>
internal sealed class StringMatcher
{
    // A route regex runs on every request: bound its time so a pathological pattern cannot stall the proxy.
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(50);

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
            var options = RegexOptions.CultureInvariant | RegexOptions.Compiled | (config.IgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
            _regex = new Regex($"^(?:{config.Value})$", options, s_regexTimeout);
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

    /// <summary>The length of the matched prefix, for a prefix rewrite; the whole value for any other kind.</summary>
    public int PrefixLength(string value) => _kind is MatchKind.Prefix or MatchKind.PathPrefix ? _value.TrimEnd('/').Length : value.Length;

    /// <summary>Whether this is a prefix match (its matched part can be rewritten).</summary>
    public bool IsPrefix => _kind is MatchKind.Prefix or MatchKind.PathPrefix;

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
            // A match that takes longer than the bound is treated as no match, as Envoy's RE2 cannot blow up.
            return false;
        }
    }
}

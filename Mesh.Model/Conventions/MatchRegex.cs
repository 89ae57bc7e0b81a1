using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Mesh.Model.Conventions;

/// <summary>
/// The one place a configured regular expression becomes a <see cref="Regex"/>: the control plane's validation and the
/// sidecar's matchers both call <see cref="TryCreate"/>, so what validation accepts is exactly what a sidecar runs.
/// </summary>
/// <remarks>
/// Istio's regexes are RE2's, which Envoy runs whole-value (<c>FullMatch</c>) in linear time. Here they are anchored
/// as <c>\A(?:P)\z</c> (not <c>^...$</c>: <c>$</c> also matches before a final newline) on .NET's non-backtracking engine,
/// which also runs in time linear in the input, with a match timeout as a last guard. What RE2 refuses is refused
/// with its name (<see cref="Re2Syntax"/>), as are the constructs .NET would read differently; Istio's length limit
/// applies; and .NET's own refusals (syntax, or an automaton larger than the engine builds) come with its reason.
/// </remarks>
public static class MatchRegex
{
    /// <summary>
    /// The longest a match may take: one second. Linear-time matching of what a request carries (Kestrel bounds its line
    /// and headers) takes microseconds once warm, but a regex builds its automaton lazily on its first matches, and the
    /// process's first match also compiles the engine, which on a busy machine took half a second in the tests. This
    /// only stops something pathological from holding a request thread; a match that times out does not match.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The characters of the longest pattern accepted: Istio's limit ("max length allowed is 1024").</summary>
    public const int MaxLength = 1024;

    /// <summary>
    /// The regex that matches a whole value against <paramref name="pattern"/>, or why there is none: the reason is a
    /// sentence naming the construct or the engine's complaint (callers add the field and the pattern).
    /// </summary>
    public static bool TryCreate(string pattern, bool ignoreCase, [NotNullWhen(true)] out Regex? regex, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        regex = null;
        error = pattern.Length switch
        {
            0 => "an empty regex matches only an empty value; Istio refuses it",
            > MaxLength => $"the regex is {pattern.Length} characters long; Istio takes at most {MaxLength}",
            _ => Re2Syntax.FirstUnsupported(pattern) is { } construct ? $"it uses {construct}, which RE2 (Istio's regex engine) does not support" : null,
        };
        if (error is not null)
        {
            return false;
        }

        var options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        try
        {
            // The pattern alone first: a pattern that is not a whole regex by itself ("a)|(b") could otherwise pair
            // with the anchoring group and match unanchored.
            _ = new Regex(pattern, options, MatchTimeout);
            regex = new Regex($@"\A(?:{pattern})\z", options, MatchTimeout);
            return true;
        }
        catch (RegexParseException e)
        {
            error = $"{e.Message} (Istio's regexes are RE2 syntax, https://github.com/google/re2/wiki/Syntax)";
        }
        catch (NotSupportedException e)
        {
            // The non-backtracking engine's refusals: constructs Re2Syntax did not name, or an automaton too large.
            error = e.Message;
        }

        return false;
    }

    /// <summary>As <see cref="TryCreate"/>, throwing <see cref="ArgumentException"/> with the reason when there is no regex.</summary>
    public static Regex Create(string pattern, bool ignoreCase) =>
        TryCreate(pattern, ignoreCase, out var regex, out var error)
            ? regex
            : throw new ArgumentException($"regex \"{pattern}\": {error}", nameof(pattern));
}

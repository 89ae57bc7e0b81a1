using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>The new path of a rewrite (Istio <c>rewrite.uri</c>, HTTPRoute <c>URLRewrite</c>) or a redirect (their redirect forms).</summary>
internal static class PathRewrite
{
    /// <summary>
    /// <paramref name="path"/> rewritten to <paramref name="replacement"/>: the matched prefix replaced when the route
    /// matched by prefix and asks for that (<see cref="StringMatcher.ReplacePrefix"/> says how each prefix kind does it),
    /// otherwise the whole path.
    /// </summary>
    public static string Apply(string path, string replacement, PathReplacement mode, RequestMatcher? matched)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(replacement);
        var replaced = mode == PathReplacement.MatchedPrefix ? matched?.Path?.ReplacePrefix(path, replacement) : null;
        return replaced ?? (replacement.Length == 0 ? "/" : replacement);
    }
}

using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// One compiled <see cref="RouteMatchConfig"/>: every condition it sets must hold (Istio's AND within a
/// match block; the route ORs its blocks).
/// </summary>
internal sealed class RequestMatcher
{
    private readonly StringMatcher? _path;
    private readonly StringMatcher? _method;
    private readonly StringMatcher? _authority;
    private readonly StringMatcher? _scheme;
    private readonly (string Name, StringMatcher Matcher)[] _headers;
    private readonly (string Name, StringMatcher Matcher)[] _query;
    private readonly (string Name, StringMatcher Matcher, bool MissingIsEmpty)[] _withoutHeaders;

    public RequestMatcher(RouteMatchConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _path = Compile(config.Path);
        _method = Compile(config.Method);
        _authority = Compile(config.Authority);
        _scheme = Compile(config.Scheme);
        _headers = [.. config.Headers.Select(h => (h.Name, new StringMatcher(h.Match)))];
        _query = [.. config.QueryParams.Select(q => (q.Name, new StringMatcher(q.Match)))];
        // Istio sets Envoy's treat_missing_header_as_empty on each inverted match but a presence one.
        _withoutHeaders = [.. config.WithoutHeaders.Select(h => (h.Name, new StringMatcher(h.Match), h.Match.Kind != MatchKind.Present))];
    }

    /// <summary>The path matcher, when the match has one (a prefix rewrite replaces what it matched).</summary>
    public StringMatcher? Path => _path;

    public bool Matches(HttpRequest request)
    {
        if (_path is not null && !_path.Matches(request.Path.Value ?? "/"))
        {
            return false;
        }

        if (_method is not null && !_method.Matches(request.Method))
        {
            return false;
        }

        if (_authority is not null && !_authority.Matches(request.Host.Value))
        {
            return false;
        }

        if (_scheme is not null && !_scheme.Matches(request.Scheme))
        {
            return false;
        }

        foreach (var (name, matcher) in _headers)
        {
            if (!matcher.Matches(Header(request, name)))
            {
                return false;
            }
        }

        foreach (var (name, matcher) in _query)
        {
            if (!matcher.Matches(QueryParameter.FirstValue(request.QueryString, name)))
            {
                return false;
            }
        }

        foreach (var (name, matcher, missingIsEmpty) in _withoutHeaders)
        {
            if (matcher.Matches(Header(request, name) ?? (missingIsEmpty ? string.Empty : null)))
            {
                return false;
            }
        }

        return true;
    }

    // Several values of one header are matched as Envoy sees them: joined with commas.
    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) ? values.ToString() : null;

    private static StringMatcher? Compile(StringMatchConfig? config) => config is null ? null : new StringMatcher(config);
}

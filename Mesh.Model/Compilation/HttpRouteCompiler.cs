using Mesh.Model.Resources;
using Mesh.Model.Snapshots;

namespace Mesh.Model.Compilation;

/// <summary>
/// Compiles Gateway API HTTPRoutes into ordered routes. The Gateway API orders matches by precedence, not
/// by position, so each (rule, match) becomes its own route, sorted as Istio sorts them: exact path, then
/// longer prefix, then regular expression; then a method; then more headers; then more query parameters;
/// ties by route (namespace, name), rule and match position. A match without a path has the CRD's default,
/// prefix <c>/</c>; rules without matches come last.
/// </summary>
internal static class HttpRouteCompiler
{
    private static readonly HttpPathMatch RootPrefix = new();

    public static IReadOnlyList<RouteConfig> Compile(CompileContext context, IEnumerable<HttpRoute> routes)
    {
        var entries = new List<(Precedence Key, RouteConfig Route)>();
        var routeIndex = 0;
        foreach (var resource in routes)
        {
            for (var ruleIndex = 0; ruleIndex < resource.Spec.Rules.Count; ruleIndex++)
            {
                var rule = resource.Spec.Rules[ruleIndex];
                var route = Rule(context, resource, rule, $"{resource.DisplayName} spec.rules[{ruleIndex}]");
                if (rule.Matches.Count == 0)
                {
                    entries.Add((new Precedence(null, routeIndex, ruleIndex, 0), route));
                }

                for (var matchIndex = 0; matchIndex < rule.Matches.Count; matchIndex++)
                {
                    var match = rule.Matches[matchIndex];
                    entries.Add((new Precedence(match, routeIndex, ruleIndex, matchIndex), route with { Matches = [Match(match)] }));
                }
            }

            routeIndex++;
        }

        return entries.OrderBy(static e => e.Key).Select(static e => e.Route).ToList();
    }

    private static RouteMatchConfig Match(HttpRouteMatch match) => new()
    {
        Path = Path(match.Path ?? RootPrefix),
        Method = match.Method is { } method ? new StringMatchConfig { Kind = MatchKind.Exact, Value = method } : null,
        // Only the first match of a name counts (header names without case), as the Gateway API specifies.
        Headers = match.Headers.DistinctBy(static h => h.Name, StringComparer.OrdinalIgnoreCase).Select(static h => Named(h, h.Name.ToLowerInvariant())).ToList(),
        QueryParams = match.QueryParams.DistinctBy(static q => q.Name, StringComparer.Ordinal).Select(static q => Named(q, q.Name)).ToList(),
    };

    private static StringMatchConfig? Path(HttpPathMatch path) => path switch
    {
        { Type: PathMatchType.PathPrefix, Value: "/" } => null, // Accepts every path.
        { Type: PathMatchType.Exact } => new StringMatchConfig { Kind = MatchKind.Exact, Value = path.Value },
        { Type: PathMatchType.RegularExpression } => new StringMatchConfig { Kind = MatchKind.Regex, Value = path.Value },
        _ => new StringMatchConfig { Kind = MatchKind.PathPrefix, Value = path.Value.TrimEnd('/') },
    };

    private static NamedMatchConfig Named(HttpNameMatch match, string name) => new()
    {
        Name = name,
        Match = new StringMatchConfig { Kind = match.IsRegularExpression ? MatchKind.Regex : MatchKind.Exact, Value = match.Value },
    };

    private static RouteConfig Rule(CompileContext context, HttpRoute resource, HttpRouteRule rule, string source)
    {
        var ns = resource.Metadata.Namespace;
        HeaderOperationsConfig? requestHeaders = null, responseHeaders = null;
        RewriteConfig? rewrite = null;
        RedirectConfig? redirect = null;
        var mirrors = new List<MirrorConfig>();
        foreach (var filter in rule.Filters)
        {
            requestHeaders = MatchCompiler.Headers(filter.RequestHeaderModifier) ?? requestHeaders;
            responseHeaders = MatchCompiler.Headers(filter.ResponseHeaderModifier) ?? responseHeaders;
            if (filter.UrlRewrite is { } urlRewrite)
            {
                var (path, replacement) = PathModifier(urlRewrite.Path);
                rewrite = new RewriteConfig { Path = path, PathReplacement = replacement, Authority = urlRewrite.Hostname };
            }

            if (filter.RequestRedirect is { } requestRedirect)
            {
                var (path, replacement) = PathModifier(requestRedirect.Path);
                redirect = new RedirectConfig
                {
                    Path = path,
                    PathReplacement = replacement,
                    Authority = requestRedirect.Hostname,
                    Port = requestRedirect.Port,
                    // Without a port, a scheme's default; without either, the port the caller reached the listener at.
                    PortSource = requestRedirect.Scheme is null ? RedirectPortSource.Listener : RedirectPortSource.ProtocolDefault,
                    Scheme = requestRedirect.Scheme,
                    StatusCode = requestRedirect.StatusCode ?? 302,
                };
            }

            if (filter.RequestMirror is { } mirror && context.Catalog.ResolveBackend(mirror.BackendRef.Name, mirror.BackendRef.Namespace ?? ns) is { } target)
            {
                mirrors.Add(new MirrorConfig
                {
                    Service = target.Service.Name,
                    Namespace = target.Service.Namespace,
                    Labels = target.Labels,
                    Percentage = mirror.Percent ?? 100,
                });
            }
        }

        var backends = redirect is null ? Backends(context, rule, ns) : [];
        return new RouteConfig
        {
            Name = rule.Name,
            Source = source,
            Destinations = backends,
            Redirect = redirect,
            // No backend with a weight above 0 (none listed, or all 0): the Gateway API's 500, as Istio answers it.
            DirectResponse = redirect is null && backends.Count == 0 ? new DirectResponseConfig { Status = 500 } : null,
            Rewrite = rewrite,
            Timeout = rule.Timeouts?.Request is { } timeout && timeout > TimeSpan.Zero ? timeout : null,
            Retries = Retries(rule),
            Mirrors = mirrors,
            RequestHeaders = requestHeaders,
            ResponseHeaders = responseHeaders,
        };
    }

    private static List<WeightedDestinationConfig> Backends(CompileContext context, HttpRouteRule rule, string ns)
    {
        var destinations = new List<WeightedDestinationConfig>();
        foreach (var backend in rule.BackendRefs.Where(static b => b.Weight > 0))
        {
            if (context.Catalog.ResolveBackend(backend.Name, backend.Namespace ?? ns) is { } target)
            {
                destinations.Add(new WeightedDestinationConfig
                {
                    Service = target.Service.Name,
                    Namespace = target.Service.Namespace,
                    Labels = target.Labels,
                    Weight = backend.Weight,
                    Port = backend.Port,
                    RequestHeaders = backend.Filters.Select(static f => MatchCompiler.Headers(f.RequestHeaderModifier)).LastOrDefault(static h => h is not null),
                    ResponseHeaders = backend.Filters.Select(static f => MatchCompiler.Headers(f.ResponseHeaderModifier)).LastOrDefault(static h => h is not null),
                });
            }
        }

        return destinations;
    }

    private static RetryConfig Retries(HttpRouteRule rule)
    {
        var perTry = rule.Timeouts?.BackendRequest is { } backendRequest && backendRequest > TimeSpan.Zero ? backendRequest : (TimeSpan?)null;
        if (rule.Retry is not { } retry)
        {
            return perTry is null ? RetryConfig.IstioDefault : RetryConfig.IstioDefault with { PerTryTimeout = perTry };
        }

        // The Gateway API retries connection errors whenever a retry stanza is present, plus the codes listed.
        IReadOnlyList<string> conditions = retry.Codes.Count == 0
            ? RetryConfig.IstioDefault.RetryOn
            : ["connect-failure", "refused-stream", "reset", .. retry.Codes.Select(static c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        return new RetryConfig
        {
            Attempts = retry.Attempts ?? RetryConfig.IstioDefault.Attempts,
            PerTryTimeout = perTry,
            RetryOn = conditions,
            Backoff = retry.Backoff ?? RetryConfig.IstioDefault.Backoff,
        };
    }

    private static (string? Path, PathReplacement Replacement) PathModifier(HttpPathModifier? modifier) => modifier?.Type switch
    {
        "ReplaceFullPath" => (modifier.ReplaceFullPath, PathReplacement.FullPath),
        "ReplacePrefixMatch" => (modifier.ReplacePrefixMatch, PathReplacement.MatchedPrefix),
        _ => (null, PathReplacement.FullPath),
    };

    /// <summary>Sort key of one (rule, match): smaller comes first.</summary>
    private sealed record Precedence(HttpRouteMatch? Match, int Route, int Rule, int Index) : IComparable<Precedence>
    {
        public int CompareTo(Precedence? other)
        {
            ArgumentNullException.ThrowIfNull(other);
            var (path, otherPath) = (Match?.Path ?? RootPrefix, other.Match?.Path ?? RootPrefix);
            int[] mine = [Match is null ? 3 : Rank(path), -path.Value.Length, Match?.Method is null ? 1 : 0, -Headers(Match), -QueryParams(Match), Route, Rule, Index];
            int[] theirs = [other.Match is null ? 3 : Rank(otherPath), -otherPath.Value.Length, other.Match?.Method is null ? 1 : 0, -Headers(other.Match), -QueryParams(other.Match), other.Route, other.Rule, other.Index];
            return mine.AsSpan().SequenceCompareTo(theirs);
        }

        // Names matched twice count once: only the first match of a name is used.
        private static int Headers(HttpRouteMatch? match) => match?.Headers.Select(static h => h.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() ?? 0;

        private static int QueryParams(HttpRouteMatch? match) => match?.QueryParams.Select(static q => q.Name).Distinct(StringComparer.Ordinal).Count() ?? 0;

        private static int Rank(HttpPathMatch path) => path.Type switch
        {
            PathMatchType.Exact => 0,
            PathMatchType.PathPrefix => 1,
            _ => 2,
        };
    }
}

using Mesh.Model.Resources;
using Mesh.Model.Validation;

namespace Mesh.Model.Parsing;

/// <summary>Reads a Gateway API <c>HTTPRoute</c>'s <c>spec</c>.</summary>
internal static class HttpRouteReader
{
    private static readonly Dictionary<string, PathMatchType> PathTypes = new(StringComparer.Ordinal)
    {
        ["Exact"] = PathMatchType.Exact,
        ["PathPrefix"] = PathMatchType.PathPrefix,
        ["RegularExpression"] = PathMatchType.RegularExpression,
    };

    private static readonly Dictionary<string, bool> ValueTypes = new(StringComparer.Ordinal)
    {
        ["Exact"] = false,
        ["RegularExpression"] = true,
    };

    public static HttpRouteSpec Read(YamlObject o)
    {
        var spec = new HttpRouteSpec
        {
            ParentRefs = o.ObjectList("parentRefs", ParentRef),
            Hostnames = o.StringList("hostnames"),
            Rules = o.ObjectList("rules", Rule),
        };
        o.Unsupported("useDefaultGateways");
        return spec;
    }

    private static ParentReference ParentRef(YamlObject o) => new()
    {
        Group = o.String("group"),
        Kind = o.String("kind") ?? ResourceKinds.Gateway,
        Namespace = o.String("namespace"),
        Name = o.String("name") ?? "",
        SectionName = o.String("sectionName"),
        Port = o.Int("port"),
    };

    private static HttpRouteRule Rule(YamlObject o)
    {
        var rule = new HttpRouteRule
        {
            Name = o.String("name"),
            Matches = o.ObjectList("matches", Match),
            Filters = o.ObjectList("filters", Filter),
            BackendRefs = o.ObjectList("backendRefs", BackendRef),
            Timeouts = o.Object("timeouts", static t => new HttpRouteTimeouts { Request = t.Duration("request"), BackendRequest = t.Duration("backendRequest") }),
            Retry = o.Object("retry", static r => new HttpRouteRetry
            {
                Codes = r.IntList("codes"),
                Attempts = r.Int("attempts"),
                Backoff = r.Duration("backoff"),
            }),
        };
        o.Unsupported("sessionPersistence");
        return rule;
    }

    private static HttpRouteMatch Match(YamlObject o) => new()
    {
        Path = o.Object("path", static p => new HttpPathMatch
        {
            Type = p.Enum("type", PathTypes) ?? PathMatchType.PathPrefix,
            Value = p.String("value") ?? "/",
        }),
        Headers = o.ObjectList("headers", NameMatch),
        QueryParams = o.ObjectList("queryParams", NameMatch),
        Method = o.String("method"),
    };

    private static HttpNameMatch NameMatch(YamlObject o) => new()
    {
        IsRegularExpression = o.Enum("type", ValueTypes) ?? false,
        Name = o.String("name") ?? "",
        Value = o.String("value") ?? "",
    };

    private static HttpRouteFilter Filter(YamlObject o)
    {
        var filter = new HttpRouteFilter
        {
            Type = o.String("type") ?? "",
            RequestHeaderModifier = o.Object("requestHeaderModifier", HeaderFilter),
            ResponseHeaderModifier = o.Object("responseHeaderModifier", HeaderFilter),
            UrlRewrite = o.Object("urlRewrite", static u => new HttpUrlRewriteFilter { Hostname = u.String("hostname"), Path = u.Object("path", PathModifier) }),
            RequestMirror = o.Object("requestMirror", Mirror),
            RequestRedirect = o.Object("requestRedirect", static r => new HttpRequestRedirectFilter
            {
                Scheme = r.String("scheme"),
                Hostname = r.String("hostname"),
                Path = r.Object("path", PathModifier),
                Port = r.Int("port"),
                StatusCode = r.Int("statusCode"),
            }),
        };
        // The validator refuses these filter types (a filter the mesh cannot run must not be skipped).
        o.Ignore("cors", "externalAuth", "extensionRef");
        return filter;
    }

    private static HttpHeaderFilter HeaderFilter(YamlObject o) => new()
    {
        Set = o.ObjectList("set", HeaderValue),
        Add = o.ObjectList("add", HeaderValue),
        Remove = o.StringList("remove"),
    };

    private static HttpHeaderValue HeaderValue(YamlObject o) => new(o.String("name") ?? "", o.String("value") ?? "");

    private static HttpPathModifier PathModifier(YamlObject o) => new()
    {
        Type = o.String("type") ?? "",
        ReplaceFullPath = o.String("replaceFullPath"),
        ReplacePrefixMatch = o.String("replacePrefixMatch"),
    };

    private static HttpRequestMirrorFilter Mirror(YamlObject o)
    {
        double? percent = o.Int("percent");
        if (o.Object("fraction", static f => new Fraction(f.Int("numerator"), f.Int("denominator"))) is { Numerator: { } numerator } fraction)
        {
            var denominator = fraction.Denominator ?? 100;
            percent = denominator > 0 ? 100.0 * numerator / denominator : -1;
        }

        return new HttpRequestMirrorFilter
        {
            BackendRef = o.Object("backendRef", BackendRef) ?? new HttpBackendRef(),
            Percent = percent,
        };
    }

    private static HttpBackendRef BackendRef(YamlObject o) => new()
    {
        Group = o.String("group"),
        Kind = o.String("kind"),
        Name = o.String("name") ?? "",
        Namespace = o.String("namespace"),
        Port = o.Int("port"),
        Weight = o.Int("weight") ?? 1,
        Filters = o.ObjectList("filters", Filter),
    };

    private sealed record Fraction(int? Numerator, int? Denominator);
}

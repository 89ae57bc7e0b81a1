namespace Mesh.Model.Resources;

/// <summary>
/// Gateway API <c>HTTPRoute</c> (<c>gateway.networking.k8s.io/v1</c>). With a Service parent it routes mesh
/// traffic to that service (GAMMA); with a Gateway parent it routes ingress traffic.
/// </summary>
public sealed record HttpRoute() : ConfigResource(ResourceKinds.GatewayApiV1)
{
    /// <inheritdoc />
    public override string Kind => ResourceKinds.HttpRoute;

    /// <summary><c>spec</c>.</summary>
    public HttpRouteSpec Spec { get; init; } = new();
}

/// <summary>An <c>HTTPRoute</c>'s <c>spec</c>.</summary>
public sealed record HttpRouteSpec
{
    /// <summary><c>parentRefs</c>.</summary>
    public IReadOnlyList<ParentReference> ParentRefs { get; init; } = [];

    /// <summary><c>hostnames</c>: for Gateway parents; empty serves every host.</summary>
    public IReadOnlyList<string> Hostnames { get; init; } = [];

    /// <summary><c>rules</c>.</summary>
    public IReadOnlyList<HttpRouteRule> Rules { get; init; } = [];
}

/// <summary>Gateway API <c>ParentReference</c>.</summary>
public sealed record ParentReference
{
    /// <summary><c>group</c>: <c>gateway.networking.k8s.io</c> when absent; empty (core) for a Service.</summary>
    public string? Group { get; init; }

    /// <summary><c>kind</c>: <c>Gateway</c> (the default) or <c>Service</c>.</summary>
    public string Kind { get; init; } = ResourceKinds.Gateway;

    /// <summary><c>namespace</c>; the route's own when absent.</summary>
    public string? Namespace { get; init; }

    /// <summary><c>name</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary><c>sectionName</c>: a listener name of a Gateway.</summary>
    public string? SectionName { get; init; }

    /// <summary><c>port</c>.</summary>
    public int? Port { get; init; }

    /// <summary>Whether the parent is a Service (GAMMA mesh routing) rather than a Gateway.</summary>
    public bool IsService => string.Equals(Kind, "Service", StringComparison.Ordinal);
}

/// <summary>Gateway API <c>HTTPRouteRule</c>.</summary>
public sealed record HttpRouteRule
{
    /// <summary><c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary><c>matches</c>: any one must match; empty matches every request (path prefix <c>/</c>).</summary>
    public IReadOnlyList<HttpRouteMatch> Matches { get; init; } = [];

    /// <summary><c>filters</c>.</summary>
    public IReadOnlyList<HttpRouteFilter> Filters { get; init; } = [];

    /// <summary><c>backendRefs</c>: weighted backends; weights are relative.</summary>
    public IReadOnlyList<HttpBackendRef> BackendRefs { get; init; } = [];

    /// <summary><c>timeouts</c>.</summary>
    public HttpRouteTimeouts? Timeouts { get; init; }

    /// <summary><c>retry</c>.</summary>
    public HttpRouteRetry? Retry { get; init; }
}

/// <summary>Gateway API <c>HTTPRouteMatch</c>: every field set must match.</summary>
public sealed record HttpRouteMatch
{
    /// <summary><c>path</c>.</summary>
    public HttpPathMatch? Path { get; init; }

    /// <summary><c>headers</c>.</summary>
    public IReadOnlyList<HttpNameMatch> Headers { get; init; } = [];

    /// <summary><c>queryParams</c>.</summary>
    public IReadOnlyList<HttpNameMatch> QueryParams { get; init; } = [];

    /// <summary><c>method</c>.</summary>
    public string? Method { get; init; }
}

/// <summary>Gateway API <c>HTTPPathMatch</c>.</summary>
public sealed record HttpPathMatch
{
    /// <summary><c>type</c>: <c>PathPrefix</c> when absent.</summary>
    public PathMatchType Type { get; init; } = PathMatchType.PathPrefix;

    /// <summary><c>value</c>: <c>/</c> when absent.</summary>
    public string Value { get; init; } = "/";
}

/// <summary>Values of a path match's <c>type</c>.</summary>
public enum PathMatchType
{
    /// <summary><c>Exact</c>.</summary>
    Exact,

    /// <summary><c>PathPrefix</c>: whole path segments, so <c>/foo</c> matches <c>/foo/bar</c> but not <c>/foobar</c>.</summary>
    PathPrefix,

    /// <summary><c>RegularExpression</c>.</summary>
    RegularExpression,
}

/// <summary>Gateway API header or query parameter match: <c>type</c>, <c>name</c>, <c>value</c>.</summary>
public sealed record HttpNameMatch
{
    /// <summary><c>type</c>: <c>Exact</c> when absent, or <c>RegularExpression</c>.</summary>
    public bool IsRegularExpression { get; init; }

    /// <summary><c>name</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary><c>value</c>.</summary>
    public string Value { get; init; } = "";
}

/// <summary>Gateway API <c>HTTPRouteFilter</c>: <see cref="Type"/> and its matching settings.</summary>
public sealed record HttpRouteFilter
{
    /// <summary><c>type</c>, e.g. <c>RequestHeaderModifier</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary><c>requestHeaderModifier</c>.</summary>
    public HttpHeaderFilter? RequestHeaderModifier { get; init; }

    /// <summary><c>responseHeaderModifier</c>.</summary>
    public HttpHeaderFilter? ResponseHeaderModifier { get; init; }

    /// <summary><c>urlRewrite</c>.</summary>
    public HttpUrlRewriteFilter? UrlRewrite { get; init; }

    /// <summary><c>requestMirror</c>.</summary>
    public HttpRequestMirrorFilter? RequestMirror { get; init; }

    /// <summary><c>requestRedirect</c>.</summary>
    public HttpRequestRedirectFilter? RequestRedirect { get; init; }
}

/// <summary>The filter types the mesh implements.</summary>
public static class HttpRouteFilterTypes
{
    /// <summary><c>RequestHeaderModifier</c>.</summary>
    public const string RequestHeaderModifier = "RequestHeaderModifier";

    /// <summary><c>ResponseHeaderModifier</c>.</summary>
    public const string ResponseHeaderModifier = "ResponseHeaderModifier";

    /// <summary><c>URLRewrite</c>.</summary>
    public const string UrlRewrite = "URLRewrite";

    /// <summary><c>RequestMirror</c>.</summary>
    public const string RequestMirror = "RequestMirror";

    /// <summary><c>RequestRedirect</c>.</summary>
    public const string RequestRedirect = "RequestRedirect";
}

/// <summary>Gateway API <c>HTTPHeaderFilter</c>.</summary>
public sealed record HttpHeaderFilter
{
    /// <summary><c>set</c>.</summary>
    public IReadOnlyList<HttpHeaderValue> Set { get; init; } = [];

    /// <summary><c>add</c>.</summary>
    public IReadOnlyList<HttpHeaderValue> Add { get; init; } = [];

    /// <summary><c>remove</c>.</summary>
    public IReadOnlyList<string> Remove { get; init; } = [];
}

/// <summary>A header name and value.</summary>
/// <param name="Name">Header name.</param>
/// <param name="Value">Header value.</param>
public sealed record HttpHeaderValue(string Name, string Value);

/// <summary>Gateway API <c>HTTPURLRewriteFilter</c>.</summary>
public sealed record HttpUrlRewriteFilter
{
    /// <summary><c>hostname</c>.</summary>
    public string? Hostname { get; init; }

    /// <summary><c>path</c>.</summary>
    public HttpPathModifier? Path { get; init; }
}

/// <summary>Gateway API <c>HTTPPathModifier</c>: <c>ReplaceFullPath</c> or <c>ReplacePrefixMatch</c>.</summary>
public sealed record HttpPathModifier
{
    /// <summary><c>type</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary><c>replaceFullPath</c>.</summary>
    public string? ReplaceFullPath { get; init; }

    /// <summary><c>replacePrefixMatch</c>.</summary>
    public string? ReplacePrefixMatch { get; init; }
}

/// <summary>Gateway API <c>HTTPRequestMirrorFilter</c>.</summary>
public sealed record HttpRequestMirrorFilter
{
    /// <summary><c>backendRef</c>.</summary>
    public HttpBackendRef BackendRef { get; init; } = new();

    /// <summary><c>percent</c>, or <c>fraction</c> converted to a percentage; 100 when absent.</summary>
    public double? Percent { get; init; }
}

/// <summary>Gateway API <c>HTTPRequestRedirectFilter</c>.</summary>
public sealed record HttpRequestRedirectFilter
{
    /// <summary><c>scheme</c>.</summary>
    public string? Scheme { get; init; }

    /// <summary><c>hostname</c>.</summary>
    public string? Hostname { get; init; }

    /// <summary><c>path</c>.</summary>
    public HttpPathModifier? Path { get; init; }

    /// <summary><c>port</c>.</summary>
    public int? Port { get; init; }

    /// <summary><c>statusCode</c>; 302 when absent, as the Gateway API.</summary>
    public int? StatusCode { get; init; }
}

/// <summary>Gateway API <c>HTTPBackendRef</c>: a Service by name (or, in this mesh, a workload: see README).</summary>
public sealed record HttpBackendRef
{
    /// <summary><c>group</c>: core (empty) when absent.</summary>
    public string? Group { get; init; }

    /// <summary><c>kind</c>: <c>Service</c> when absent.</summary>
    public string? Kind { get; init; }

    /// <summary><c>name</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary><c>namespace</c>; the route's own when absent.</summary>
    public string? Namespace { get; init; }

    /// <summary><c>port</c>.</summary>
    public int? Port { get; init; }

    /// <summary><c>weight</c>: relative; 1 when absent.</summary>
    public int Weight { get; init; } = 1;

    /// <summary><c>filters</c>: header modifiers for this backend only.</summary>
    public IReadOnlyList<HttpRouteFilter> Filters { get; init; } = [];
}

/// <summary>Gateway API <c>HTTPRouteTimeouts</c>.</summary>
public sealed record HttpRouteTimeouts
{
    /// <summary><c>request</c>: the whole request, retries included.</summary>
    public TimeSpan? Request { get; init; }

    /// <summary><c>backendRequest</c>: each try.</summary>
    public TimeSpan? BackendRequest { get; init; }
}

/// <summary>Gateway API <c>HTTPRouteRetry</c>.</summary>
public sealed record HttpRouteRetry
{
    /// <summary><c>codes</c>: response codes to retry.</summary>
    public IReadOnlyList<int> Codes { get; init; } = [];

    /// <summary><c>attempts</c>.</summary>
    public int? Attempts { get; init; }

    /// <summary><c>backoff</c>.</summary>
    public TimeSpan? Backoff { get; init; }
}

using System.Text.Json.Serialization;

namespace Mesh.Model.Snapshots;

// The compiled routing part of a ConfigSnapshot: plain records without behaviour. The sidecar turns them
// into matchers once per snapshot. Every list is in evaluation or stable order, so equal inputs serialize equally.

/// <summary>One destination service as a caller sees it: its routes (for a sidecar) and its policies.</summary>
public sealed record DestinationConfig
{
    /// <summary>Service name.</summary>
    public required string Service { get; init; }

    /// <summary>Service namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>Fully qualified host.</summary>
    public required string Host { get; init; }

    /// <summary>
    /// Routes in order; the first whose matches accept a request wins, and a request no route accepts gets 404
    /// (Envoy's <c>NR</c>). Without a VirtualService or HTTPRoute this is one route to the whole service.
    /// A gateway ignores these and routes by <see cref="ConfigSnapshot.GatewayHosts"/>.
    /// </summary>
    public required IReadOnlyList<RouteConfig> Routes { get; init; }

    /// <summary>The service-wide policy.</summary>
    public required TrafficPolicyConfig Policy { get; init; }

    /// <summary>Subsets by name, each with its labels and its merged policy.</summary>
    public IReadOnlyList<SubsetConfig> Subsets { get; init; } = [];

    /// <summary>The resource that defined <see cref="Routes"/>, e.g. <c>VirtualService default/reviews</c>; null for the default route.</summary>
    public string? RouteSource { get; init; }

    /// <summary>The DestinationRule(s) that defined the policies, if any.</summary>
    public string? PolicySource { get; init; }
}

/// <summary>One HTTP route: matches, then an action (forward, redirect or direct response) with its settings.</summary>
public sealed record RouteConfig
{
    /// <summary>The route's name, if it has one.</summary>
    public string? Name { get; init; }

    /// <summary>Where it came from, e.g. <c>VirtualService default/reviews spec.http[0]</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Any one must accept the request; empty accepts every request.</summary>
    public IReadOnlyList<RouteMatchConfig> Matches { get; init; } = [];

    /// <summary>Weighted destinations; pick one in proportion to <see cref="WeightedDestinationConfig.Weight"/>.</summary>
    public IReadOnlyList<WeightedDestinationConfig> Destinations { get; init; } = [];

    /// <summary>Answer with a redirect instead of forwarding.</summary>
    public RedirectConfig? Redirect { get; init; }

    /// <summary>Answer with a fixed response instead of forwarding.</summary>
    public DirectResponseConfig? DirectResponse { get; init; }

    /// <summary>Rewrite before forwarding.</summary>
    public RewriteConfig? Rewrite { get; init; }

    /// <summary>Whole-request timeout, retries included; null for none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Retry policy; <see cref="RetryConfig.Attempts"/> 0 disables retries.</summary>
    public required RetryConfig Retries { get; init; }

    /// <summary>Fault injection, applied before forwarding.</summary>
    public FaultConfig? Fault { get; init; }

    /// <summary>Destinations that get a copy of each request (fire and forget).</summary>
    public IReadOnlyList<MirrorConfig> Mirrors { get; init; } = [];

    /// <summary>Request header operations for every destination.</summary>
    public HeaderOperationsConfig? RequestHeaders { get; init; }

    /// <summary>Response header operations for every destination.</summary>
    public HeaderOperationsConfig? ResponseHeaders { get; init; }
}

/// <summary>One match: every field set must accept the request.</summary>
public sealed record RouteMatchConfig
{
    /// <summary>The path (without query string).</summary>
    public StringMatchConfig? Path { get; init; }

    /// <summary>The method.</summary>
    public StringMatchConfig? Method { get; init; }

    /// <summary>The authority (Host header).</summary>
    public StringMatchConfig? Authority { get; init; }

    /// <summary>The scheme.</summary>
    public StringMatchConfig? Scheme { get; init; }

    /// <summary>Headers that must match; names are lower case.</summary>
    public IReadOnlyList<NamedMatchConfig> Headers { get; init; } = [];

    /// <summary>Query parameters that must match.</summary>
    public IReadOnlyList<NamedMatchConfig> QueryParams { get; init; } = [];

    /// <summary>Headers that must not match; names are lower case.</summary>
    public IReadOnlyList<NamedMatchConfig> WithoutHeaders { get; init; } = [];
}

/// <summary>How a <see cref="StringMatchConfig"/> compares.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MatchKind>))]
public enum MatchKind
{
    /// <summary>Equal to the value.</summary>
    Exact,

    /// <summary>Starts with the value.</summary>
    Prefix,

    /// <summary>Ends with the value.</summary>
    Suffix,

    /// <summary>Matches the regular expression as a whole (Envoy's semantics: anchor it).</summary>
    Regex,

    /// <summary>Gateway API path prefix: whole segments, so <c>/foo</c> accepts <c>/foo</c> and <c>/foo/bar</c> but not <c>/foobar</c>.</summary>
    PathPrefix,

    /// <summary>Present with any value (a header), or any value at all.</summary>
    Present,
}

/// <summary>A string comparison.</summary>
public sealed record StringMatchConfig
{
    /// <summary>How to compare.</summary>
    public required MatchKind Kind { get; init; }

    /// <summary>What to compare with; empty for <see cref="MatchKind.Present"/>.</summary>
    public string Value { get; init; } = "";

    /// <summary>Compare case-insensitively (Istio's <c>ignoreUriCase</c>; authorization hosts).</summary>
    public bool IgnoreCase { get; init; }
}

/// <summary>A match on a named header or query parameter.</summary>
public sealed record NamedMatchConfig
{
    /// <summary>Header (lower case) or query parameter name.</summary>
    public required string Name { get; init; }

    /// <summary>The comparison.</summary>
    public required StringMatchConfig Match { get; init; }
}

/// <summary>A destination of a route, resolved to a service and the labels its endpoints must carry.</summary>
public sealed record WeightedDestinationConfig
{
    /// <summary>Service name.</summary>
    public required string Service { get; init; }

    /// <summary>Service namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>Subset name, when the route names one; its policy is in the service's <see cref="DestinationConfig.Subsets"/>.</summary>
    public string? Subset { get; init; }

    /// <summary>Labels an endpoint must carry; empty selects every endpoint of the service.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = Resources.Empty.Map;

    /// <summary>Relative weight (Istio's add up to 100; the Gateway API's need not).</summary>
    public required int Weight { get; init; }

    /// <summary>Port named by the route, if any (a service has one HTTP endpoint, so it only informs).</summary>
    public int? Port { get; init; }

    /// <summary>Request header operations for this destination only, after the route's.</summary>
    public HeaderOperationsConfig? RequestHeaders { get; init; }

    /// <summary>Response header operations for this destination only, after the route's.</summary>
    public HeaderOperationsConfig? ResponseHeaders { get; init; }
}

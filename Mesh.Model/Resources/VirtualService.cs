using System.Collections.ObjectModel;

namespace Mesh.Model.Resources;

/// <summary>Istio <c>VirtualService</c> (<c>networking.istio.io</c> v1, v1beta1, v1alpha3): HTTP routing for hosts.</summary>
public sealed record VirtualService() : ConfigResource(ResourceKinds.NetworkingV1)
{
    /// <inheritdoc />
    public override string Kind => ResourceKinds.VirtualService;

    /// <summary>The <c>gateways</c> entry that means every sidecar.</summary>
    public const string MeshGateway = "mesh";

    /// <summary><c>spec</c>.</summary>
    public VirtualServiceSpec Spec { get; init; } = new();

    /// <summary>Whether the routes apply to sidecars: no <c>gateways</c>, or <c>mesh</c> among them.</summary>
    public bool IsMeshBound => Spec.Gateways.Count == 0 || Spec.Gateways.Contains(MeshGateway, StringComparer.Ordinal);
}

/// <summary>A <c>VirtualService</c>'s <c>spec</c>.</summary>
public sealed record VirtualServiceSpec
{
    /// <summary>
    /// <c>hosts</c>: the destinations the routes apply to. Short names resolve in the resource's namespace
    /// (<c>reviews</c> in <c>default</c> is <c>reviews.default.svc.cluster.local</c>).
    /// </summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>
    /// <c>gateways</c>: <c>namespace/name</c> or <c>name</c> of Istio Gateways, and <c>mesh</c> for every
    /// sidecar. Empty means <c>mesh</c> only.
    /// </summary>
    public IReadOnlyList<string> Gateways { get; init; } = [];

    /// <summary><c>http</c>: routes in order; the first that matches a request wins.</summary>
    public IReadOnlyList<VirtualServiceRoute> Http { get; init; } = [];
}

/// <summary>One entry of <c>spec.http</c> (Istio's <c>HTTPRoute</c> message).</summary>
public sealed record VirtualServiceRoute
{
    /// <summary><c>name</c>: shows in logs and stats.</summary>
    public string? Name { get; init; }

    /// <summary><c>match</c>: any one must match (OR); empty matches every request.</summary>
    public IReadOnlyList<HttpMatchRequest> Match { get; init; } = [];

    /// <summary><c>route</c>: weighted destinations.</summary>
    public IReadOnlyList<HttpRouteDestination> Route { get; init; } = [];

    /// <summary><c>redirect</c>: answer with a redirect instead of forwarding.</summary>
    public HttpRedirect? Redirect { get; init; }

    /// <summary><c>directResponse</c>: answer with a fixed response instead of forwarding.</summary>
    public HttpDirectResponse? DirectResponse { get; init; }

    /// <summary><c>rewrite</c>: path and authority rewrite before forwarding.</summary>
    public HttpRewrite? Rewrite { get; init; }

    /// <summary><c>timeout</c>; absent or zero means none (Istio's default).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary><c>retries</c>; absent means Istio's default policy.</summary>
    public HttpRetry? Retries { get; init; }

    /// <summary><c>fault</c>: delay and abort injection.</summary>
    public HttpFaultInjection? Fault { get; init; }

    /// <summary><c>mirror</c>: a destination that gets a copy of each request.</summary>
    public Destination? Mirror { get; init; }

    /// <summary><c>mirrorPercentage.value</c> (or the deprecated <c>mirrorPercent</c>); 100 when absent.</summary>
    public double? MirrorPercentage { get; init; }

    /// <summary><c>mirrors</c>: several mirror destinations, each with its percentage.</summary>
    public IReadOnlyList<HttpMirrorPolicy> Mirrors { get; init; } = [];

    /// <summary><c>headers</c>: header operations for every destination of the route.</summary>
    public HeaderManipulation? Headers { get; init; }
}

/// <summary>Istio's <c>HTTPMatchRequest</c>: every field set must match (AND).</summary>
public sealed record HttpMatchRequest
{
    /// <summary><c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary><c>uri</c>: the request path.</summary>
    public StringMatch? Uri { get; init; }

    /// <summary><c>scheme</c>.</summary>
    public StringMatch? Scheme { get; init; }

    /// <summary><c>method</c>.</summary>
    public StringMatch? Method { get; init; }

    /// <summary><c>authority</c>: the Host header.</summary>
    public StringMatch? Authority { get; init; }

    /// <summary><c>headers</c> by name (names are case-insensitive).</summary>
    public IReadOnlyDictionary<string, StringMatch> Headers { get; init; } = ReadOnlyDictionary<string, StringMatch>.Empty;

    /// <summary><c>queryParams</c> by name.</summary>
    public IReadOnlyDictionary<string, StringMatch> QueryParams { get; init; } = ReadOnlyDictionary<string, StringMatch>.Empty;

    /// <summary><c>withoutHeaders</c>: headers that must not match.</summary>
    public IReadOnlyDictionary<string, StringMatch> WithoutHeaders { get; init; } = ReadOnlyDictionary<string, StringMatch>.Empty;

    /// <summary><c>ignoreUriCase</c>: match <see cref="Uri"/> case-insensitively.</summary>
    public bool IgnoreUriCase { get; init; }

    /// <summary><c>sourceLabels</c>: applies only to callers with these labels (decided when compiling).</summary>
    public IReadOnlyDictionary<string, string> SourceLabels { get; init; } = Empty.Map;

    /// <summary><c>sourceNamespace</c>: applies only to callers in this namespace (decided when compiling).</summary>
    public string? SourceNamespace { get; init; }

    /// <summary><c>gateways</c>: overrides the VirtualService's gateways for this match.</summary>
    public IReadOnlyList<string> Gateways { get; init; } = [];
}

/// <summary>Istio's <c>Destination</c>: a service host, an optional subset and port.</summary>
public sealed record Destination
{
    /// <summary><c>host</c>: a service name, short or fully qualified.</summary>
    public string Host { get; init; } = "";

    /// <summary><c>subset</c>: a subset a DestinationRule for the host defines.</summary>
    public string? Subset { get; init; }

    /// <summary>
    /// <c>port.number</c>. A service with one HTTP endpoint accepts any number (ARCHITECTURE.md, "Configuration
    /// flow"), so Bookinfo's 9080 works unchanged.
    /// </summary>
    public int? Port { get; init; }
}

/// <summary>Istio's <c>HTTPRouteDestination</c>: a destination with its weight and header operations.</summary>
public sealed record HttpRouteDestination
{
    /// <summary><c>destination</c>.</summary>
    public Destination Destination { get; init; } = new();

    /// <summary><c>weight</c>; may be omitted when the route has one destination.</summary>
    public int? Weight { get; init; }

    /// <summary><c>headers</c>: operations for requests to (and responses from) this destination only.</summary>
    public HeaderManipulation? Headers { get; init; }
}

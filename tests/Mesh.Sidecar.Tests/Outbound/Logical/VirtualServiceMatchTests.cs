using Mesh.Sidecar.Tests.Harness;

namespace Mesh.Sidecar.Tests.Outbound.Logical;

/// <summary>
/// Istio's VirtualService <c>HTTPMatchRequest</c>, table-driven from its reference: routes in order, the first that matches
/// wins; the blocks of a <c>match</c> are ORed, the conditions of a block ANDed; <c>uri</c> exact, prefix (a string
/// prefix) and regex (the whole path), <c>ignoreUriCase</c> for exact and prefix only; <c>headers</c> and
/// <c>queryParams</c> exact, prefix, regex, and <c>{}</c> or regex <c>*</c> for presence; <c>method</c>, <c>authority</c>,
/// <c>scheme</c>; <c>withoutHeaders</c> inverted, a missing header read as empty (Envoy's treat_missing_header_as_empty).
/// </summary>
public sealed class VirtualServiceMatchTests
{
    private const string V1 = "reviews-v1";
    private const string V2 = "reviews-v2";
    private const string V3 = "reviews-v3";
    private static readonly string[] s_reviews = [V1, V2, V3];

    private const string Routes = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts: [reviews]
          http:
          - match: [{uri: {exact: /exact}}]
            route: [{destination: {host: reviews, subset: v1}}]
          - match: [{uri: {prefix: /prefix}, ignoreUriCase: true}]
            route: [{destination: {host: reviews, subset: v2}}]
          - match: [{uri: {regex: "/re[0-9]+"}, ignoreUriCase: true}]
            route: [{destination: {host: reviews, subset: v3}}]
          - match:
            - {uri: {prefix: /or}, headers: {x-tier: {exact: gold}}}
            - {uri: {prefix: /or}, headers: {x-tier: {prefix: sil}}}
            route: [{destination: {host: reviews, subset: v1}}]
          - match: [{uri: {prefix: /present}, headers: {x-present: {}}}]
            route: [{destination: {host: reviews, subset: v2}}]
          - match: [{uri: {prefix: /star}, headers: {x-any: {regex: "*"}}}]
            route: [{destination: {host: reviews, subset: v3}}]
          - match: [{uri: {prefix: /query}, queryParams: {q: {exact: a}, n: {regex: "[0-9]+"}}}]
            route: [{destination: {host: reviews, subset: v1}}]
          - match: [{uri: {prefix: /method}, method: {exact: DELETE}}]
            route: [{destination: {host: reviews, subset: v2}}]
          - match: [{uri: {prefix: /authority}, authority: {prefix: reviews.example}}]
            route: [{destination: {host: reviews, subset: v3}}]
          - match: [{uri: {prefix: /scheme}, scheme: {exact: http}}]
            route: [{destination: {host: reviews, subset: v1}}]
          - match: [{uri: {prefix: /without}, withoutHeaders: {x-block: {exact: "yes"}}}]
            route: [{destination: {host: reviews, subset: v2}}]
          - match: [{uri: {prefix: /nonempty}, withoutHeaders: {x-opt: {exact: ""}}}]
            route: [{destination: {host: reviews, subset: v3}}]
          - match: [{uri: {prefix: /first}}]
            route: [{destination: {host: reviews, subset: v1}}]
          - match: [{uri: {exact: /first/exact}}]
            route: [{destination: {host: reviews, subset: v2}}]
        ---
        """ + "\n" + RoutingMesh.ReviewsSubsets;

    [Fact]
    public async Task Match_AsTheVirtualServiceReferenceDefinesIt()
    {
        await using var mesh = await RoutingMesh.StartAsync(Routes, s_reviews);

        await mesh.AssertRoutesAsync(
            new("/exact", V1),
            new("/exact?with=query", V1),
            new("/exact/", null),
            new("/EXACT", null),
            // A string prefix: /prefixed matches /prefix too; ignoreUriCase makes it case-insensitive.
            new("/prefix/x", V2),
            new("/prefixed", V2),
            new("/PREFIX/x", V2),
            new("/re12", V3),
            new("/re12/more", null),
            new("/RE12", null),
            new RouteCase("/or", V1).Header("x-tier", "gold"),
            new RouteCase("/or", V1).Header("x-tier", "silver"),
            new RouteCase("/or", null).Header("x-tier", "Gold"),
            new("/or", null),
            new RouteCase("/present", V2).Header("x-present", ""),
            new RouteCase("/present", V2).Header("X-Present", "anything"),
            new("/present", null),
            new RouteCase("/star", V3).Header("x-any", "whatever"),
            new("/star", null),
            new("/query?q=a&n=42", V1),
            new("/query?n=42&q=a&other=1", V1),
            new("/query?q=a&n=4x", null),
            new("/query?q=a", null),
            new("/query?Q=a&n=1", null),
            new RouteCase("/method", V2) { Method = "DELETE" },
            new("/method", null),
            new RouteCase("/authority", V3) { Host = "reviews.example.com:9080" },
            new RouteCase("/authority", null) { Host = "ratings.example" },
            new("/scheme", V1),
            new("/without", V2),
            new RouteCase("/without", V2).Header("x-block", "no"),
            new RouteCase("/without", null).Header("x-block", "yes"),
            // Missing counts as empty, so only a present, non-empty x-opt passes.
            new("/nonempty", null),
            new RouteCase("/nonempty", V3).Header("x-opt", "1"),
            // The first route that matches wins, even when a later one is more specific.
            new("/first/exact", V1));
    }
}

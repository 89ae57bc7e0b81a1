using Mesh.Model.Snapshots;
using Mesh.Sidecar.Outbound.Logical;
using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Tests.Outbound.Logical;

/// <summary>The path a rewrite or redirect produces, for every case the specifications list.</summary>
public sealed class PathRewriteTests
{
    // The Gateway API's HTTPPathModifier ReplacePrefixMatch table (HTTPRoute reference), row by row.
    [Theory]
    [InlineData("/foo/bar", "/foo", "/xyz", "/xyz/bar")]
    [InlineData("/foo/bar", "/foo", "/xyz/", "/xyz/bar")]
    [InlineData("/foo/bar", "/foo/", "/xyz", "/xyz/bar")]
    [InlineData("/foo/bar", "/foo/", "/xyz/", "/xyz/bar")]
    [InlineData("/foo", "/foo", "/xyz", "/xyz")]
    [InlineData("/foo/", "/foo", "/xyz", "/xyz/")]
    [InlineData("/foo/bar", "/foo", "", "/bar")]
    [InlineData("/foo/", "/foo", "", "/")]
    [InlineData("/foo", "/foo", "", "/")]
    [InlineData("/foo/", "/foo", "/", "/")]
    [InlineData("/foo", "/foo", "/", "/")]
    // The root prefix matches every path and replaces nothing of it.
    [InlineData("/foo/bar", "/", "/xyz", "/xyz/foo/bar")]
    [InlineData("/", "/", "/xyz", "/xyz/")]
    [InlineData("/foo", "/", "/", "/foo")]
    // The case: a request for the prefix itself gains no slash.
    [InlineData("/original-prefix", "/original-prefix", "/replacement-prefix", "/replacement-prefix")]
    public void GatewayApiReplacePrefixMatch_ReplacesWholePathElements(string path, string prefix, string replacement, string expected) =>
        Assert.Equal(expected, PathRewrite.Apply(path, replacement, PathReplacement.MatchedPrefix, Matcher(MatchKind.PathPrefix, prefix)));

    // Istio's rewrite.uri and redirect prefix forms are Envoy's prefix_rewrite: the matched characters, as written.
    [Theory]
    [InlineData("/v1/api", "/v1/", "/", "/api")]
    [InlineData("/v1/api", "/v1", "/", "//api")]
    [InlineData("/v1/api", "/v1", "/v2", "/v2/api")]
    [InlineData("/v1api", "/v1", "/v2", "/v2api")]
    [InlineData("/ratings/1", "/ratings", "/v1/bookRatings", "/v1/bookRatings/1")]
    [InlineData("/old/reviews/1", "/old/", "/new/", "/new/reviews/1")]
    public void IstioPrefixRewrite_ReplacesTheMatchedCharacters(string path, string prefix, string replacement, string expected) =>
        Assert.Equal(expected, PathRewrite.Apply(path, replacement, PathReplacement.MatchedPrefix, Matcher(MatchKind.Prefix, prefix)));

    [Theory]
    [InlineData(MatchKind.Exact, "/ratings")]
    [InlineData(MatchKind.Regex, "/rat.*")]
    public void RewriteAfterAnotherMatch_ReplacesTheWholePath(MatchKind kind, string value) =>
        Assert.Equal("/v1/bookRatings", PathRewrite.Apply("/ratings", "/v1/bookRatings", PathReplacement.MatchedPrefix, Matcher(kind, value)));

    [Theory]
    [InlineData("/xyz", "/xyz")]
    [InlineData("", "/")]
    public void ReplaceFullPath_IgnoresThePrefix(string replacement, string expected) =>
        Assert.Equal(expected, PathRewrite.Apply("/foo/bar", replacement, PathReplacement.FullPath, Matcher(MatchKind.PathPrefix, "/foo")));

    [Fact]
    public void NoMatchBlock_ReplacesTheWholePath() =>
        Assert.Equal("/xyz", PathRewrite.Apply("/foo/bar", "/xyz", PathReplacement.MatchedPrefix, matched: null));

    private static RequestMatcher Matcher(MatchKind kind, string value) =>
        new(new RouteMatchConfig { Path = new StringMatchConfig { Kind = kind, Value = value } });
}

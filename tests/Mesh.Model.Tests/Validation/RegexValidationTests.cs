using Mesh.Model.Validation;

namespace Mesh.Model.Tests.Validation;

/// <summary>Validation refuses exactly the regexes a sidecar could not run (both use Mesh.Model's MatchRegex).</summary>
public sealed class RegexValidationTests
{
    [Fact]
    public void Validate_ExtendedModeRegexThatBreaksTheAnchoring_IsRefusedNamingTheField()
    {
        var error = Assert.Single(Analyze.Errors("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - match: [{uri: {regex: "(?x)/api#x"}}]
                route: [{destination: {host: reviews}}]
            """));

        Assert.Equal((DiagnosticCodes.InvalidRegex, "spec.http[0].match[0].uri.regex"), (error.Code, error.Path));
        Assert.Contains("the x flag (?x)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LocalRateLimitPathWithABackreference_IsRefused()
    {
        var error = Assert.Single(Analyze.Errors("""
            apiVersion: mesh.dev/v1alpha1
            kind: LocalRateLimit
            metadata: {name: ratings}
            spec:
              tokenBucket: {maxTokens: 1, fillInterval: 1s}
              match:
                paths: [{regex: '/(a)\1'}]
            """));

        Assert.Equal((DiagnosticCodes.InvalidRegex, "spec.match.paths[0].regex"), (error.Code, error.Path));
        Assert.Contains(@"a backreference (\1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HttpRouteRegexWithALookahead_IsRefused()
    {
        var error = Assert.Single(Analyze.Errors("""
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: reviews}
            spec:
              parentRefs: [{group: "", kind: Service, name: reviews}]
              rules:
              - matches: [{path: {type: RegularExpression, value: "/(?!admin).*"}}]
                backendRefs: [{name: reviews, port: 9080}]
            """));

        Assert.Equal((DiagnosticCodes.InvalidRegex, "spec.rules[0].matches[0].path.value"), (error.Code, error.Path));
    }
}

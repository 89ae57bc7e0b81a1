using Mesh.Model.Validation;

namespace Mesh.Model.Tests.Validation;

/// <summary>Every connection-pool setting is applied by the sidecar or reported; none is dropped silently.</summary>
public sealed class ConnectionPoolValidationTests
{
    [Fact]
    public void Validate_MaxRequestsPerConnectionAboveOne_IsReportedAsNotApplied()
    {
        var warning = Assert.Single(Validate("http: {maxRequestsPerConnection: 10}"));

        Assert.Equal((DiagnosticSeverity.Warning, DiagnosticCodes.UnsupportedValue, "spec.trafficPolicy.connectionPool.http.maxRequestsPerConnection"),
            (warning.Severity, warning.Code, warning.Path));
        Assert.StartsWith("10 is not applied", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http: {maxRequestsPerConnection: 1}")]
    [InlineData("tcp: {maxConnections: 5, connectTimeout: 250ms, maxConnectionDuration: 1h}, http: {idleTimeout: 30s, http2MaxRequests: 10, http1MaxPendingRequests: 1, maxRetries: 3}")]
    public void Validate_AppliedSettings_AreNotReported(string pool) => Assert.Empty(Validate(pool));

    private static IReadOnlyList<ConfigDiagnostic> Validate(string pool) => Analyze.Yaml($$"""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec:
              host: reviews
              trafficPolicy:
                connectionPool: {{{pool}}}
            """);
}

using Mesh.Model.Validation;

namespace Mesh.Model.Tests.Validation;

/// <summary>Every duration Istio takes is read; what Istio refuses is refused, naming the field.</summary>
public sealed class DurationValidationTests
{
    [Fact]
    public void Validate_DaysLongTimeoutsAndDelays_AreValid()
    {
        var diagnostics = Analyze.Errors(Route("timeout: 1200h", "retries: {attempts: 2, perTryTimeout: 1200h}", "fault: {delay: {fixedDelay: 1200h, percentage: {value: 1}}}"));

        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("timeout: 1.5ms", "spec.http[0].timeout")]
    [InlineData("retries: {attempts: 1, perTryTimeout: 1100us}", "spec.http[0].retries.perTryTimeout")]
    [InlineData("fault: {delay: {fixedDelay: 2500us, percentage: {value: 1}}}", "spec.http[0].fault.delay.fixedDelay")]
    public void Validate_DurationFinerThanAMillisecond_IsRefusedAsIstioDoes(string field, string path)
    {
        var error = Assert.Single(Analyze.Errors(Route(field)));

        Assert.Equal((DiagnosticCodes.InvalidDuration, path), (error.Code, error.Path));
        Assert.Contains("not a whole number of milliseconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DestinationRuleIntervalsFinerThanAMillisecond_AreRefused()
    {
        var diagnostics = Analyze.Errors("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec:
              host: reviews
              trafficPolicy:
                connectionPool: {tcp: {connectTimeout: 1500us}, http: {idleTimeout: 1.0001s}}
                outlierDetection: {interval: 10s, baseEjectionTime: 30.0005s}
            """);

        Assert.Equal(
            ["spec.trafficPolicy.connectionPool.http.idleTimeout", "spec.trafficPolicy.connectionPool.tcp.connectTimeout", "spec.trafficPolicy.outlierDetection.baseEjectionTime"],
            diagnostics.Select(d => d.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_DurationPastGosLimit_IsRefusedNamingTheLimit()
    {
        var error = Assert.Single(Analyze.Errors(Route("timeout: 2562048h")));

        Assert.Equal((DiagnosticCodes.InvalidDuration, "spec.http[0].timeout"), (error.Code, error.Path));
        Assert.Contains("is longer than the longest duration Istio reads, 2562047h47m16.8547758s", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("timeout: -1s", "is negative")]
    [InlineData("timeout: 1d", "is not a duration")]
    [InlineData("timeout: 10", "is not a duration")]
    [InlineData("retries: {attempts: 1, perTryTimeout: 0s}", "is less than 1ms")]
    public void Validate_DurationIstioRefuses_IsRefused(string field, string expected)
    {
        var error = Assert.Single(Analyze.Errors(Route(field)));

        Assert.Equal(DiagnosticCodes.InvalidDuration, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static string Route(params string[] fields) => Analyze.ReviewsRoute(fields);
}

using Mesh.ControlPlane.Graph;
using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Tests.Graph;

/// <summary>A report is input from outside: bounded, checked field by field, and limited to edges the reporter is party to.</summary>
public sealed class EdgeReportValidatorTests
{
    private static readonly EdgeReport s_valid = TestEdges.Inbound("productpage-v1", "reviews", "reviews-v1", requests: 10, errors: 1);

    [Fact]
    public void Validate_NoEdgesOrValidOnes_Passes()
    {
        Assert.Null(EdgeReportValidator.Validate("reviews-v1", null));
        Assert.Null(EdgeReportValidator.Validate("reviews-v1", [s_valid, s_valid with { Source = "unknown" }]));
        Assert.Null(EdgeReportValidator.Validate("productpage-v1",
            [s_valid with { Reporter = EdgeTelemetry.SourceReporter, DestinationWorkload = EdgeTelemetry.Unknown }]));
    }

    public static TheoryData<EdgeReport, string> Invalid => new()
    {
        { s_valid with { Reporter = "both" }, "edges[0].reporter: 'both' must be 'destination' or 'source'." },
        { s_valid with { DestinationWorkload = "ratings-v1" }, "edges[0].destinationWorkload: 'ratings-v1' is not the reporting workload 'reviews-v1'" },
        { s_valid with { Reporter = EdgeTelemetry.SourceReporter }, "edges[0].source: 'productpage-v1' is not the reporting workload 'reviews-v1'" },
        { s_valid with { Source = "" }, "edges[0].source: must be a name of 1 to 253 characters." },
        { s_valid with { DestinationService = "<script>" }, "edges[0].destinationService: '<script>' may hold only letters" },
        { s_valid with { Requests = -1 }, "edges[0].requests: must not be negative." },
        { s_valid with { Denials = 11 }, "edges[0].denials: 11 must be between 0 and requests (10)." },
        { s_valid with { LatencyBuckets = [1, 2] }, "edges[0].latencyBuckets: must hold 15 counts, one per bound and one past the last; got 2." },
        { s_valid with { LatencyBuckets = TestEdges.Buckets((0, -3)) }, "edges[0].latencyBuckets: counts must not be negative." },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadEdge_NamesTheFieldAndTheProblem(EdgeReport edge, string expected) =>
        Assert.StartsWith(expected, EdgeReportValidator.Validate("reviews-v1", [edge]), StringComparison.Ordinal);

    [Fact]
    public void Validate_TooManyEdges_IsRefused()
    {
        var edges = Enumerable.Range(0, EdgeTelemetry.MaxEdgesPerReport + 1).Select(i => s_valid with { Source = $"caller-{i}" }).ToList();

        Assert.Equal("edges: 257 edges; a report carries at most 256.", EdgeReportValidator.Validate("reviews-v1", edges));
    }

    [Fact]
    public void Validate_SameEdgeTwice_IsRefused() =>
        Assert.StartsWith("edges[1]: the edge productpage-v1 -> reviews/reviews-v1 appears twice.",
            EdgeReportValidator.Validate("reviews-v1", [s_valid, s_valid]), StringComparison.Ordinal);
}

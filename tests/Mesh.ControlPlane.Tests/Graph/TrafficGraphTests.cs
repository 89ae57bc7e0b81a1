using Mesh.ControlPlane.Graph;
using Mesh.Model.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace Mesh.ControlPlane.Tests.Graph;

/// <summary>Rates from the cumulative counters sidecars report once a second, on injected time.</summary>
public sealed class TrafficGraphTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private readonly TrafficGraph _graph;

    public TrafficGraphTests() => _graph = new TrafficGraph(_time);

    [Fact]
    public void Read_SteadyTraffic_RateIsRequestsPerSecondOverTheWindow()
    {
        // 20 requests a second, 10 % of them failing, for 30 s.
        for (var second = 0; second <= 30; second++)
        {
            _graph.Record([TestEdges.Inbound("productpage-v1", "reviews", "reviews-v2", requests: 20 * second, errors: 2 * second)]);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var (key, delta, seconds) = Assert.Single(_graph.Read(GraphBuilder.Window));
        Assert.Equal(new EdgeKey(EdgeTelemetry.DestinationReporter, "productpage-v1", "reviews", "reviews-v2"), key);
        Assert.Equal(20, delta.Requests / seconds, precision: 0);
        Assert.Equal(0.1, (double)delta.Errors / delta.Requests, precision: 3);
    }

    [Fact]
    public void Read_TrafficStops_RateFallsToZeroWithinTheWindow_AndTheEdgeLeavesAfterTheHistory()
    {
        for (var second = 0; second <= 20; second++)
        {
            _graph.Record([TestEdges.Inbound("productpage-v1", "reviews", "reviews-v2", requests: 10 * second)]);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        // The sidecar keeps reporting the same cumulative count.
        for (var second = 0; second <= 11; second++)
        {
            _graph.Record([TestEdges.Inbound("productpage-v1", "reviews", "reviews-v2", requests: 200)]);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var (_, delta, _) = Assert.Single(_graph.Read(GraphBuilder.Window));
        Assert.Equal(0, delta.Requests);

        _time.Advance(TrafficGraph.HistoryLength + TimeSpan.FromSeconds(1));
        Assert.Empty(_graph.Read(GraphBuilder.Window));
    }

    [Fact]
    public void Read_SidecarRestarted_CountsFromZeroAgain()
    {
        _graph.Record([TestEdges.Inbound("productpage-v1", "reviews", "reviews-v2", requests: 500)]);
        _time.Advance(TimeSpan.FromSeconds(11));
        _graph.Record([TestEdges.Inbound("productpage-v1", "reviews", "reviews-v2", requests: 30)]);

        var (_, delta, _) = Assert.Single(_graph.Read(GraphBuilder.Window));
        Assert.Equal(30, delta.Requests);
    }

    [Fact]
    public void Read_TheTwoReportersOfAnEdge_AreKeptApart()
    {
        _graph.Record([TestEdges.Inbound("productpage-v1", "reviews", "reviews-v2", requests: 5)]);
        _graph.Record([TestEdges.Inbound("productpage-v1", "reviews", "reviews-v2", requests: 5) with
        {
            Reporter = EdgeTelemetry.SourceReporter,
            DestinationWorkload = EdgeTelemetry.Unknown,
        }]);

        Assert.Equal(2, _graph.Read(GraphBuilder.Window).Count);
    }
}
